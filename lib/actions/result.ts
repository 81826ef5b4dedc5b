import "server-only";
import { z } from "zod";
import { AppError, databaseUnavailableError, isDatabaseUnavailable, ValidationError } from "@/lib/errors";
import { logger } from "@/lib/logger";

export type ActionResult<T = unknown> =
  { ok: true; data?: T; message?: string } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * Runs a server action's work and turns domain errors into a result the form can show.
 * Unexpected errors are logged and reported generically (never their internals).
 */
export async function runAction<T>(fn: () => Promise<T>, message?: string): Promise<ActionResult<T>> {
  try {
    const data = await fn();
    return { ok: true, data, message };
  } catch (error) {
    const e = error instanceof z.ZodError ? ValidationError.fromZod(error, "The form") : error;
    if (e instanceof ValidationError) {
      const fieldErrors = Object.fromEntries(e.issues.map((i) => [i.path, i.message]));
      return { ok: false, error: e.message, fieldErrors };
    }
    if (e instanceof AppError) return { ok: false, error: e.message };
    if (isDatabaseUnavailable(e)) return { ok: false, error: databaseUnavailableError().message };
    // next/navigation's redirect() and notFound() throw: let them through.
    if (e instanceof Error && "digest" in e && typeof e.digest === "string" && e.digest.startsWith("NEXT_")) throw e;
    const requestId = crypto.randomUUID();
    logger().error({ err: error, requestId }, "server action failed");
    return { ok: false, error: `Something went wrong on our side (reference ${requestId}).` };
  }
}
