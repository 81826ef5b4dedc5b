// The sandbox's Postgres, stopped and started for real by the test runner that owns it
// (scripts/sandbox/control.ts): a fast shutdown ends every session, as a restart or a
// failover does; start brings it back on the same data and port.
import { sandbox } from "./env";

async function control(path: string): Promise<void> {
  const res = await fetch(`${sandbox.controlUrl}${path}`, { method: "POST", signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
}

export const postgres = {
  stop: () => control("/postgres/stop"),
  start: () => control("/postgres/start"),
};
