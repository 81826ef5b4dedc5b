import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import packageJson from "@/package.json";

/** The app's version, shown by `keyless doctor` next to the CLI's own. */
export const APP_VERSION = packageJson.version;

export const healthResponseSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  database: z.enum(["ok", "down"]),
  latencyMs: z.number(),
  version: z.string(),
});

/** Liveness of what the app needs to serve requests: the database, within a short timeout. */
export async function checkHealth(): Promise<{ ok: boolean; database: "ok" | "down"; latencyMs: number }> {
  const started = performance.now();
  try {
    await Promise.race([
      db().$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("database timeout")), 2_000)),
    ]);
    return { ok: true, database: "ok", latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { ok: false, database: "down", latencyMs: Math.round(performance.now() - started) };
  }
}
