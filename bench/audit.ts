// The audit log at 10 million rows (issue 16, item 4): every filtered, paged query shape of
// GET /api/v1/audit and the /audit page, timed side by side with /api/health (interleaved,
// forward and backward), budget ≤ 3× /api/health each. Seeds in SQL (bench/audit-seed.ts),
// writes each shape's EXPLAIN (ANALYZE, BUFFERS) to .sandbox/bench-results/audit-plans.txt,
// and ends with what each index costs an insert through the chain trigger.
//   nice npm run bench:audit [-- --rows 10000000 --rounds 20 --before]
// --profile times nothing: it profiles the admin's /audit, the engineer's, the admin's
// near-empty /cli-sessions and /api/health, each in an app of its own (bench/page-profile.ts),
// and prints where each spends its CPU against the shell. The page's cost does not grow with the log
// (§8), so `--rows 200000 --profile` answers in a few minutes.
import { writeFileSync } from "node:fs";
import { auditPageSql, type PageFilters } from "../lib/audit/page-sql";
import { sandboxPath } from "../scripts/sandbox/shared";
import { seedAuditRows, personEmail, roleArn } from "./audit-seed";
import { plansBefore } from "./audit-before";
import { insertCosts } from "./audit-inserts";
import { formatComparison, pastBase, profilePages, type PageProfile, type ProfileTarget } from "./page-profile";
import { sessionFor, startBench, table } from "./harness";
import { timeSideBySide } from "./http-timing";
import { writeBenchRows } from "./summary-rows";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg("rows", 10_000_000);
const ROUNDS = arg("rounds", 20);
const PROFILE = process.argv.includes("--profile");
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

/** `probe`: timed beside the others for comparison, not a budget row. */
type Shape = { label: string; path: string; engineer?: boolean; probe?: boolean; filters?: Omit<PageFilters, "limit"> };
const SHELL = "page /cli-sessions (the same shell, near-empty)";
const ENGINEER_PAGE = "page /audit as an engineer (own)";
const PAGE_NEXT =
  "Next's own dynamic page is 1.8× health and the dashboard shell around an empty page 2.5× on a quiet machine (bench/RESULTS.md §5). " +
  "The page's own part is rendering its rows and form as RSC and HTML (React's render and serialisation, then the garbage it leaves), " +
  "not its queries. Next: fewer elements per row and in the admin's form (the action list's ~70 options are rendered into both the HTML " +
  "and the RSC payload), and a lighter shell (every page pays it).";

function shapes(deep: string): Shape[] {
  const heavy = personEmail(0); // ~4.6% of all entries
  const rare = personEmail(9500); // a few hundred entries
  const api = (label: string, filters: Record<string, string>, engineer = false): Shape => {
    const f = {
      ...filters,
      ...(filters.since ? { since: new Date(filters.since) } : {}),
      ...(filters.until ? { until: new Date(filters.until) } : {}),
    };
    return { label, path: `/api/v1/audit?${new URLSearchParams(filters)}`, engineer, filters: f };
  };
  return [
    { label: "page /audit", path: "/audit" },
    {
      label: "page /audit, actor+action+since",
      path: `/audit?${new URLSearchParams({ actor: heavy, action: "console.open", since: day(400) })}`,
    },
    { label: ENGINEER_PAGE, path: "/audit", engineer: true },
    { label: SHELL, path: "/cli-sessions", probe: true },
    api("no filter, first page", {}),
    api("no filter, deep cursor", { cursor: deep }),
    api("actor (heavy)", { actor: heavy }),
    api("actor (rare)", { actor: rare }),
    api("actor (heavy), deep cursor", { actor: heavy, cursor: deep }),
    api("action", { action: "account.update" }),
    api("action prefix cli.", { action: "cli." }),
    api("action prefix, deep cursor", { action: "credentials.", cursor: deep }),
    api("target", { target: roleArn(0) }),
    api("outcome failure", { outcome: "failure" }),
    api("time range (one month, a year ago)", { since: day(395), until: day(365) }),
    api("actor+action", { actor: heavy, action: "auth.sign_in" }),
    api("actor+outcome+range", { actor: rare, outcome: "denied", since: day(600), until: day(100) }),
    api("target+outcome, deep cursor", { target: roleArn(3), outcome: "denied", cursor: deep }),
    api("own entries, denied (engineer)", { outcome: "denied" }, true),
  ];
}

async function main() {
  const bench = await startBench();
  try {
    const { stack, db } = bench;
    const admin = await sessionFor(db, "bench-admin@example.com", ["aws-admins"]);
    const engineer = await sessionFor(db, personEmail(42), ["engineering"]);
    const engineerId = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [personEmail(42)])).rows[0]!.id;
    const started = performance.now();
    await seedAuditRows(stack.ownerDatabaseUrl, ROWS, engineerId, (l) => console.log(`  ${l}`));
    console.log(`  seeded ${ROWS.toLocaleString()} audit rows in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const list = shapes(String(Math.floor(ROWS / 5)));
    // The pages a profile compares (bench/page-profile.ts), the shell last: the base of the comparison.
    const SHELL_PROFILE = "the shell (/cli-sessions)";
    const pageProfiles = (requests: number, extra: ProfileTarget[] = []) =>
      profilePages(
        bench,
        [
          { label: "/audit (admin)", path: "/audit", cookie: admin },
          { label: "/audit (engineer)", path: "/audit", cookie: engineer },
          { label: SHELL_PROFILE, path: "/cli-sessions", cookie: admin },
          ...extra,
        ],
        requests,
      );
    const printProfiles = (profiles: PageProfile[]) =>
      console.log(`\nWhere the /audit page's CPU goes (node --cpu-prof)\n\n${formatComparison(profiles, SHELL_PROFILE)}`);
    if (PROFILE) {
      printProfiles(await pageProfiles(arg("requests", 600), [{ label: "/api/health", path: "/api/health", cookie: admin }]));
      return;
    }

    // Plans first (cold-ish cache for none: the timing rounds below warm up anyway).
    const plans: string[] = [];
    for (const s of list.filter((x) => x.filters)) {
      const { text, values } = auditPageSql({ ...s.filters, ...(s.engineer ? { actorId: engineerId } : {}), limit: 51 });
      const plan = await db.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
      plans.push(`── ${s.label}\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}\n`);
    }
    if (process.argv.includes("--before")) {
      const old = list.filter((s) => s.filters && !s.filters.target);
      const before = old.map((s) => ({
        label: s.label,
        ...s.filters,
        ...(s.engineer ? { actorId: engineerId } : {}),
        since: s.filters?.since?.toISOString(),
        until: s.filters?.until?.toISOString(),
      }));
      plans.push(...(await plansBefore(stack.ownerDatabaseUrl, before, (l) => console.log(`  ${l}`))));
    }
    writeFileSync(sandboxPath("bench-results", "audit-plans.txt"), plans.join("\n"));

    const timings = new Map<string, { p50: number; p95: number; health: number }>();
    for (const who of ["admin", "engineer"] as const) {
      const mine = list.filter((s) => (who === "engineer") === Boolean(s.engineer));
      const targets = [{ label: "health", path: "/api/health" }, ...mine];
      const out = await timeSideBySide(stack.urls.app, targets, who === "admin" ? admin : engineer, ROUNDS, 3);
      const health = out[0]!.p50;
      for (const t of out.slice(1)) timings.set(t.label, { p50: t.p50, p95: t.p95, health });
    }
    const ratio = (label: string) => timings.get(label)!.p50 / timings.get(label)!.health;
    console.log(`\nAudit log, ${ROWS.toLocaleString()} rows: p50 against /api/health in the same rounds (${ROUNDS} rounds)\n`);
    console.log(
      table([
        ["shape", "p50 ms", "p95 ms", "health p50", "ratio"],
        ...list.map((s) => {
          const t = timings.get(s.label)!;
          return [s.label, t.p50.toFixed(1), t.p95.toFixed(1), t.health.toFixed(1), `${ratio(s.label).toFixed(2)}×`];
        }),
      ]),
    );
    // An over-budget page: where its CPU goes past the shell's, profiled in this run (bench/page-profile.ts).
    const pagesOver = list.some((s) => !s.filters && !s.probe && ratio(s.label) > 3);
    const profiles = pagesOver ? await pageProfiles(300) : [];
    if (pagesOver) printProfiles(profiles);
    // Last: measuring what each index costs an insert drops the indexes, which every page needs.
    const costs = await insertCosts(stack.ownerDatabaseUrl, (l) => console.log(`  ${l}`));
    console.log(`\nInsert through the chain trigger at ${ROWS.toLocaleString()} rows, by index set (µs per entry, median)\n`);
    console.log(table([["indexes", "µs"], ...costs.map((c) => [c.label, c.us.toFixed(0)])]));
    const overNote = (s: Shape) =>
      s.filters
        ? "see the plan in .sandbox/bench-results/audit-plans.txt and bench/RESULTS.md §8"
        : `in the same rounds: the near-empty /cli-sessions page in the same shell ${ratio(SHELL).toFixed(2)}×, the engineer's /audit ` +
          `(50 entries of their own, without the admin's parts) ${ratio(ENGINEER_PAGE).toFixed(2)}×. Profiled in this run: ` +
          `${pastBase(profiles, s.engineer ? "/audit (engineer)" : "/audit (admin)", SHELL_PROFILE)}. ${PAGE_NEXT}`;
    writeBenchRows(
      "audit",
      list
        .filter((s) => !s.probe)
        .map((s) => ({
          item: `4 Audit log, 10M rows: ${s.label} ≤ 3× /api/health`,
          budget: "≤ 3×",
          measured: `${ratio(s.label).toFixed(2)}× (${timings.get(s.label)!.p50.toFixed(1)} vs ${timings.get(s.label)!.health.toFixed(1)} ms)`,
          ok: ratio(s.label) <= 3,
          ...(ratio(s.label) > 3 ? { note: overNote(s) } : {}),
        })),
    );
  } finally {
    await bench.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
