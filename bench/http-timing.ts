// Response times of a few URLs, measured side by side: requests to the URLs alternate, so
// a slow moment of the machine hits them all alike.

/** Times to the whole body (p50, p95) and to the response headers (ttfbP50: Next sends them with its first flush). */
export type Timing = { label: string; p50: number; p95: number; ttfbP50: number; bytes: number };

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export async function timeSideBySide(
  base: string,
  targets: { label: string; path: string }[],
  cookie: string,
  rounds = 40,
  warmup = 5,
): Promise<Timing[]> {
  const samples = targets.map(() => [] as number[]);
  const firstBytes = targets.map(() => [] as number[]);
  const bytes = targets.map(() => 0);
  for (let round = -warmup; round < rounds; round++) {
    // Forward in even rounds, backward in odd ones: no URL always runs first or last.
    const order = [...targets.entries()];
    if (round % 2) order.reverse();
    for (const [i, t] of order) {
      const started = performance.now();
      const res = await fetch(`${base}${t.path}`, { headers: { Cookie: cookie }, redirect: "manual" });
      const ttfb = performance.now() - started;
      const body = await res.text();
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`${t.path} answered ${res.status}: ${body.slice(0, 200)}`);
      if (round >= 0) samples[i]?.push(ms);
      if (round >= 0) firstBytes[i]?.push(ttfb);
      bytes[i] = body.length;
    }
  }
  return targets.map((t, i) => {
    const sorted = [...(samples[i] ?? [])].sort((a, b) => a - b);
    const ttfb = [...(firstBytes[i] ?? [])].sort((a, b) => a - b);
    return { label: t.label, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), ttfbP50: quantile(ttfb, 0.5), bytes: bytes[i] ?? 0 };
  });
}
