// Runs once when a server process starts: validate configuration so a missing variable
// stops the server at boot with a message naming it, not at the first request.
export async function register() {
   
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { loadEnv } = await import("@/lib/env");
  loadEnv();
}
