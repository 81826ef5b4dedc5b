// Where a page's server CPU goes, against another page's: each target gets a fresh app under
// `node --cpu-prof` that serves it alone (a warm-up, then `requests` sequential requests), and the
// profiles' self time is compared per request, by module and by function. Every app pays the
// same start-up, so the difference between two columns is what one page does that the other
// does not (bench/audit.ts --profile: the admin's /audit against the shell around an empty page).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { nextBin, startProcess, waitForHealth } from "../scripts/sandbox/app-process";
import { sandboxPath } from "../scripts/sandbox/shared";
import type { Bench } from "./harness";
import { largestProfile, readProfile, summarise, type Summary } from "./profile-summary";

export type ProfileTarget = { label: string; path: string; cookie: string };
export type PageProfile = { label: string; requests: number; summary: Summary };

/** Profiles each target in an app of its own on the bench app's port, then starts the bench's app again. */
export async function profilePages(bench: Bench, targets: ProfileTarget[], requests: number, warmup = 50): Promise<PageProfile[]> {
  await bench.app.stop();
  const root = sandboxPath("bench-profiles", `pages-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  const port = new URL(bench.stack.urls.app).port;
  const out: PageProfile[] = [];
  for (const [i, t] of targets.entries()) {
    const dir = path.join(root, String(i));
    mkdirSync(dir, { recursive: true });
    const app = startProcess("app", ["--cpu-prof", `--cpu-prof-dir=${dir}`, nextBin, "start", "-p", port], bench.env, {
      logFile: sandboxPath("logs", "bench-app.log"),
    });
    try {
      await waitForHealth(bench.stack.urls.app, app);
      for (let n = -warmup; n < requests; n++) {
        const res = await fetch(`${bench.stack.urls.app}${t.path}`, { headers: { Cookie: t.cookie }, redirect: "manual" });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${t.path} answered ${res.status}: ${body.slice(0, 200)}`);
      }
    } finally {
      await app.stop(); // the profile is written as the app exits
    }
    out.push({ label: t.label, requests: requests + warmup, summary: summarise(readProfile(largestProfile(dir))) });
    console.log(`  profiled ${t.label}: ${requests + warmup} requests (${dir})`);
  }
  // The bench goes on as before: an app on its port, unprofiled, stopped by bench.stop().
  bench.app = startProcess("app", [nextBin, "start", "-p", port], bench.env, { logFile: sandboxPath("logs", "bench-app.log") });
  await waitForHealth(bench.stack.urls.app, bench.app);
  return out;
}

/**
 * Self time per request of each profile, by module and by function, with each column's
 * difference from the `base` profile: the rows where the pages differ most come first.
 */
export function formatComparison(profiles: PageProfile[], base: string, top = 15): string {
  const baseline = profiles.find((p) => p.label === base);
  if (!baseline) throw new Error(`no profile labelled ${base}`);
  const perRequest = (p: PageProfile, list: [string, number][]) => new Map(list.map(([k, ms]) => [k, ms / p.requests]));
  const section = (title: string, pick: (s: Summary) => [string, number][]) => {
    const maps = profiles.map((p) =>
      perRequest(
        p,
        pick(p.summary).filter(([k]) => k !== "(idle)"),
      ),
    );
    const baseMap = maps[profiles.indexOf(baseline)]!;
    const keys = new Set(maps.flatMap((m) => [...m.keys()]));
    const spread = (k: string) => Math.max(...maps.map((m) => Math.abs((m.get(k) ?? 0) - (baseMap.get(k) ?? 0))));
    const rows = [...keys].sort((a, b) => spread(b) - spread(a)).slice(0, top);
    const cell = (m: Map<string, number>, k: string) => {
      const v = m.get(k) ?? 0;
      const d = v - (baseMap.get(k) ?? 0);
      return m === baseMap ? v.toFixed(2).padStart(14) : `${v.toFixed(2)} (${d >= 0 ? "+" : ""}${d.toFixed(2)})`.padStart(14);
    };
    return `${title}, ms per request (difference from "${base}"):\n${rows.map((k) => `  ${maps.map((m) => cell(m, k)).join(" ")}  ${k}`).join("\n")}`;
  };
  const busy = profiles.map((p) => `${(p.summary.busyMs / p.requests).toFixed(2)} ms  ${p.label}`).join("\n  ");
  const columns = profiles.map((p, i) => `  [${i + 1}] ${p.label}`).join("\n");
  return [
    `busy CPU per request (start-up included, the same in each):\n  ${busy}`,
    `columns:\n${columns}`,
    section("self time by module", (s) => s.byModule),
    section("self time by function", (s) => s.byFunction),
  ].join("\n\n");
}

/** The database client's modules: node-postgres and its protocol parser and types, and Prisma's client and adapter. */
const isDatabaseClient = (module: string) => /^(pg|pg-[a-z]+|@prisma\/[a-z-]+)$/.test(module);

/**
 * One line for a ✘ row's note: the page's CPU per request past `base`'s, and the modules that
 * make most of the difference, with the database clients' share said apart (a slow page whose
 * extra time is not in pg or Prisma is rendering, not querying).
 */
export function pastBase(profiles: PageProfile[], label: string, base: string, top = 3): string {
  const find = (l: string) => {
    const p = profiles.find((x) => x.label === l);
    if (!p) throw new Error(`no profile labelled ${l}`);
    return p;
  };
  const page = find(label);
  const baseline = find(base);
  const per = (p: PageProfile) => new Map(p.summary.byModule.filter(([k]) => k !== "(idle)").map(([k, ms]) => [k, ms / p.requests]));
  const a = per(page);
  const b = per(baseline);
  const diff = (k: string) => (a.get(k) ?? 0) - (b.get(k) ?? 0);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  const biggest = keys
    .filter((k) => !isDatabaseClient(k))
    .sort((x, y) => diff(y) - diff(x))
    .slice(0, top);
  const sign = (ms: number) => `${ms >= 0 ? "+" : "−"}${Math.abs(ms).toFixed(1)}`;
  const busy = page.summary.busyMs / page.requests - baseline.summary.busyMs / baseline.requests;
  const db = keys.filter(isDatabaseClient).reduce((sum, k) => sum + diff(k), 0);
  return (
    `${sign(busy)} ms of server CPU per request past ${base} (node --cpu-prof, ${page.requests} requests each): ` +
    `${biggest.map((k) => `${k} ${sign(diff(k))}`).join(", ")}; the database clients (pg and its parser, Prisma) ${sign(db)}`
  );
}
