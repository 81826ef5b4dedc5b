// Runs once when a server process starts: validate configuration so a missing variable
// stops the server at boot with a message naming it, not at the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env, loadEnv } = await import("@/lib/env");
  loadEnv();
  if (env().KEYLESS_ALLOW_INSECURE_TARGETS) {
    const { logger } = await import("@/lib/logger");
    logger().warn("KEYLESS_ALLOW_INSECURE_TARGETS is on: rotation targets may use plain http and this machine. Sandbox only.");
  }
  // Before Next.js sees a request: client address, malformed paths, baseline headers.
  const { installRequestGuard } = await import("@/lib/http/request-guard");
  installRequestGuard({ trustProxy: env().KEYLESS_TRUST_PROXY });
  // Not awaited: the database may be down at boot (readiness says so); this is advice.
  const { warnIfOwnerRole } = await import("@/lib/db-role");
  void warnIfOwnerRole("app").catch(() => undefined);
}
