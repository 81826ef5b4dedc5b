// Item 6 (second half) and item 5 under vending load: 50 closed-loop users vending
// credentials through one app instance, then through two (user i on instance i mod 2),
// in the same run, interleaved in slices A B B A then B A A B. For every slice the CPU
// each part used is read from /proc (app instances, moto, Postgres and its backends, the
// workers, this load generator) with the whole machine's, so a ratio under 1.6× comes
// with where the CPU went.
import { sessionFor } from "./harness";
import { cpuMs, machineCpuMs, treeCpuMs } from "./proc-stats";
import { rssSampler, type ScaleSandbox } from "./scale-sandbox";

export type Mode = "1 instance" | "2 instances";
export type ModeTally = {
  requests: number;
  errors: number;
  ms: number;
  cpu: Record<string, number>;
  machineBusy: number;
  machineTotal: number;
};
export type VendingOutcome = { tallies: Record<Mode, ModeTally>; maxRss: Record<string, number>; cores: number };

export async function runVendingLoad(sandbox: ScaleSandbox, users: number, sliceSeconds: number, rounds: number): Promise<VendingOutcome> {
  const { db, apps, workers } = sandbox;
  const cookie = await sessionFor(db, "bench-scale-alice@example.com", ["engineering"]);
  const { rows } = await db.query<{ id: string }>("SELECT id FROM aws_roles WHERE role_name = 'SandboxDeveloper'");
  const body = JSON.stringify({ roleId: rows[0]!.id, durationSeconds: 3600 });
  // Behind a load balancer both instances serve the one public origin (AUTH_URL).
  const origin = apps[0]!.url;
  const vend = async (url: string) => {
    const res = await fetch(`${url}/api/v1/credentials`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie, Origin: origin },
      body,
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`Keyless answered ${res.status}`);
  };
  await untilWorkersIdle(sandbox);
  for (let i = 0; i < 40; i++) await Promise.all(apps.map((a) => vend(a.url)));

  const parts: Record<string, () => number> = {
    "app 1": () => treeCpuMs(apps[0]!.proc.child.pid ?? 0),
    "app 2": () => treeCpuMs(apps[1]!.proc.child.pid ?? 0),
    moto: () => treeCpuMs(sandbox.motoPid),
    Postgres: () => treeCpuMs(sandbox.postgresPid),
    workers: () => workers.reduce((s, w) => s + treeCpuMs(w.child.pid ?? 0), 0),
    "load generator": () => cpuMs(process.pid, false),
  };
  const empty = (): ModeTally => ({
    requests: 0,
    errors: 0,
    ms: 0,
    cpu: Object.fromEntries(Object.keys(parts).map((k) => [k, 0])),
    machineBusy: 0,
    machineTotal: 0,
  });
  const tallies: Record<Mode, ModeTally> = { "1 instance": empty(), "2 instances": empty() };
  const sampler = rssSampler(sandbox);
  const order: Mode[] = [];
  for (let r = 0; r < rounds; r++) {
    const [a, b]: [Mode, Mode] = r % 2 === 0 ? ["1 instance", "2 instances"] : ["2 instances", "1 instance"];
    order.push(a, b, b, a);
  }
  for (const mode of order) {
    const tally = tallies[mode];
    const cpuBefore = Object.fromEntries(Object.entries(parts).map(([k, fn]) => [k, fn()]));
    const machineBefore = machineCpuMs();
    const t0 = performance.now();
    const deadline = Date.now() + sliceSeconds * 1000;
    await Promise.all(
      Array.from({ length: users }, async (_, u) => {
        const url = mode === "1 instance" ? apps[0]!.url : apps[u % 2]!.url;
        while (Date.now() < deadline) {
          try {
            await vend(url);
            tally.requests++;
          } catch {
            tally.errors++;
          }
        }
      }),
    );
    tally.ms += performance.now() - t0;
    for (const [k, fn] of Object.entries(parts)) tally.cpu[k]! += fn() - cpuBefore[k]!;
    const machineAfter = machineCpuMs();
    tally.machineBusy += machineAfter.busy - machineBefore.busy;
    tally.machineTotal += machineAfter.total - machineBefore.total;
    console.log(`  ${mode}: ${((tally.requests / tally.ms) * 1000).toFixed(1)} req/s so far`);
  }
  const cores = Math.round(tallies["1 instance"].machineTotal / tallies["1 instance"].ms);
  const maxRss = sampler.stop();
  return { tallies, maxRss, cores };
}

/** Waits for the workers' queues, then out the jobs a worker runs when it starts. */
async function untilWorkersIdle({ db }: ScaleSandbox): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const { rows: ready } = await db.query<{ ok: boolean }>("SELECT to_regclass('pgboss.job') IS NOT NULL AS ok");
    const busy = ready[0]!.ok
      ? (
          await db.query<{ n: number }>(
            `SELECT (SELECT count(*) FROM pgboss.job WHERE state IN ('created', 'retry', 'active') AND start_after < now())::int
                  + (SELECT count(*) FROM inventory_syncs WHERE finished_at IS NULL)::int AS n`,
          )
        ).rows[0]!.n
      : 1;
    if (busy === 0) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.log("  (the workers were still busy after 300 s; measuring anyway)");
}
