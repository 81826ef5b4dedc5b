// Self time of a V8 CPU profile (node --cpu-prof), summed by module and by function, so a
// benchmark can say where the time goes. No dependencies: the .cpuprofile format is JSON.
//   npx tsx bench/profile-summary.ts <file.cpuprofile | dir> [--top 25]
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** Where a frame's code lives: an npm package, a Next.js chunk, the app's own code, or V8/Node itself. */
export function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native/V8)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return url.replace(/^node:internal\/([^/]+).*/, "node:$1");
  const chunk = /\.next\/server\/(.+)$/.exec(url);
  if (chunk) return `.next/${chunk[1]!.replace(/__[\w-]+\._?\.js$|\.js$/, "")}`;
  return path.relative(process.cwd(), url.replace(/^file:\/\//, ""));
}

export type Summary = { totalMs: number; busyMs: number; byModule: [string, number][]; byFunction: [string, number][] };

export function readProfile(file: string): Profile {
  return JSON.parse(readFileSync(file, "utf8")) as Profile;
}

export function summarise(profile: Profile): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const mods = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    total += ms;
    if (functionName === "(idle)") idle += ms;
    const mod = moduleOf(url, functionName);
    mods.set(mod, (mods.get(mod) ?? 0) + ms);
    const fn = `${functionName || "(anonymous)"} ${mod}${url ? `:${lineNumber + 1}` : ""}`;
    fns.set(fn, (fns.get(fn) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs: total, busyMs: total - idle, byModule: sorted(mods), byFunction: sorted(fns) };
}

/** The largest profile in a directory (the app's server process, not a short-lived helper). */
export function largestProfile(dir: string): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
}

export function formatSummary(s: Summary, top = 25): string {
  const pct = (ms: number) => `${((100 * ms) / s.busyMs).toFixed(1).padStart(5)}%`;
  const rows = (list: [string, number][]) =>
    list
      .filter(([name]) => name !== "(idle)")
      .slice(0, top)
      .map(([name, ms]) => `  ${ms.toFixed(0).padStart(7)} ms ${pct(ms)}  ${name}`)
      .join("\n");
  return `busy ${s.busyMs.toFixed(0)} ms of ${s.totalMs.toFixed(0)} ms sampled\nself time by module:\n${rows(s.byModule)}\nself time by function:\n${rows(s.byFunction)}`;
}

if (process.argv[1] && /profile-summary\.ts$/.test(process.argv[1])) {
  const target = process.argv[2];
  if (!target) throw new Error("usage: profile-summary.ts <file.cpuprofile | dir> [--top N]");
  const file = statSync(target).isDirectory() ? largestProfile(target) : target;
  const i = process.argv.indexOf("--top");
  console.log(`${file}\n${formatSummary(summarise(readProfile(file)), i > 0 ? Number(process.argv[i + 1]) : 25)}`);
}
