import "server-only";
import { z } from "zod";
import { AppError, databaseUnavailableError, isDatabaseUnavailable, ValidationError } from "@/lib/errors";
import { logger } from "@/lib/logger";

/**
 * An action refused for who is asking: no session (401) or a role or rule that does not allow
 * it (403: ForbiddenError, from the DAL's requirePermission and its ownership checks). Distinct from a failure,
 * so that tests (the security suite's access matrix) can tell a refusal from a crash.
 */
export type ActionRefusal = { ok: false; refused: true; status: 401 | 403; error: string };

/** Anything else that stopped the action: bad input (422), not found, conflict, an outage (503), a bug (500). */
export type ActionFailure = { ok: false; refused?: false; status: number; error: string; fieldErrors?: Record<string, string> };

export type ActionResult<T = unknown> = { ok: true; data?: T; message?: string } | ActionRefusal | ActionFailure;

/**
 * Runs a server action's work and turns domain errors into a result the form can show, with
 * the status the API would answer. Unexpected errors are logged and reported generically
 * (never their internals).
 */
export async function runAction<T>(fn: () => Promise<T>, message?: string): Promise<ActionResult<T>> {
  try {
    const data = await fn();
    return { ok: true, data, message };
  } catch (error) {
    const e = error instanceof z.ZodError ? ValidationError.fromZod(error, "The form") : error;
    if (e instanceof AppError && (e.status === 401 || e.status === 403))
      return { ok: false, refused: true, status: e.status, error: e.message };
    if (e instanceof ValidationError) {
      const fieldErrors = Object.fromEntries(e.issues.map((i) => [i.path, i.message]));
      return { ok: false, status: e.status, error: e.message, fieldErrors };
    }
    if (e instanceof AppError) return { ok: false, status: e.status, error: e.message };
    if (isDatabaseUnavailable(e)) {
      const unavailable = databaseUnavailableError();
      return { ok: false, status: unavailable.status, error: unavailable.message };
    }
    // next/navigation's redirect() and notFound() throw: let them through.
    if (e instanceof Error && "digest" in e && typeof e.digest === "string" && e.digest.startsWith("NEXT_")) throw e;
    const requestId = crypto.randomUUID();
    logger().error({ err: error, requestId }, "server action failed");
    return { ok: false, status: 500, error: `Something went wrong on our side (reference ${requestId}).` };
  }
}
