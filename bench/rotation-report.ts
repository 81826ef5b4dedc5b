// Small helpers for bench/rotation.ts: a bounded-concurrency pool and the printed table.

export async function pool<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}

export type Stats = { p50: number; p95: number; max: number; mean: number };

export function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: s.at(-1) ?? 0, mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length) };
}

const ms = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const row = (label: string, value: string) => console.log(`  ${label.padEnd(58)} ${value}`);

export function printTable(r: {
  COUNT: number;
  CONCURRENCY: number;
  bareMs: number;
  bareWait: number;
  bareCalls: number;
  bareEach: Stats;
  keylessMs: number;
  enqueuedMs: number;
  failed: number;
  latency: Stats;
  queued: Stats;
  running: Stats;
  record: Stats;
}): void {
  console.log(`\nRotation benchmark: ${r.COUNT} webhook integrations, concurrency ${r.CONCURRENCY}, grace 0\n`);
  row("Bare calls per rotation (AWS + webhook)", r.bareCalls.toFixed(1));
  row("Bare: all rotations' calls, wall time", ms(r.bareMs));
  row("Bare: of which propagation polling waits (sum)", ms(r.bareWait));
  row("Bare: one rotation's calls p50 / p95", `${ms(r.bareEach.p50)} / ${ms(r.bareEach.p95)}`);
  row("Keyless: first start → last rotation finished", ms(r.keylessMs));
  row("Keyless: starting all rotations (rows + audit + jobs)", ms(r.enqueuedMs));
  row("Keyless: one rotation, started → finished p50 / p95", `${ms(r.latency.p50)} / ${ms(r.latency.p95)}`);
  row("Keyless: waiting in the queue p50 / p95", `${ms(r.queued.p50)} / ${ms(r.queued.p95)}`);
  row("Keyless: running the machine (first → last record) p50 / p95", `${ms(r.running.p50)} / ${ms(r.running.p95)}`);
  row("Keyless: one recorded step (row + step + audit) p50 / p95", `${ms(r.record.p50)} / ${ms(r.record.p95)}`);
  row("Keyless: rotations not succeeded", String(r.failed));
  row("Keyless wall time / bare wall time", `${(r.keylessMs / r.bareMs).toFixed(2)}×`);
  row("Keyless machine time per rotation / bare calls per rotation (p50)", `${(r.running.p50 / r.bareEach.p50).toFixed(2)}×`);
}
