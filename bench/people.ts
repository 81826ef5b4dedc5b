// People benchmark (issue 16 item 4, first half), not part of `npm test`:
//   nice npm run bench:people     (ports: KEYLESS_BENCH_*)
// Seeds 10,000 people and 1,000 accounts × 5 roles straight into Postgres (bench/people-seed.ts),
// then times, side by side and interleaved on a production build, /api/health against the
// credentials page (the whole streamed document) and GET /api/v1/aws-roles for a person
// whose groups reach 500 roles. Budgets: page ≤ 3×, API ≤ 2× /api/health (p50).
// --profile runs the app under `node --cpu-prof`, sends GET /api/v1/aws-roles 1,500 times after
// the checks (no rows written) and prints where the app's CPU went (bench/profile-summary.ts).
// --profile-page times nothing either: it profiles the credentials page, the near-empty
// /cli-sessions in the same shell and /api/health, each in an app of its own
// (bench/page-profile.ts), and prints where the page spends its CPU past the shell.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { timeSideBySide } from "./http-timing";
import { sandboxPath } from "../scripts/sandbox/shared";
import { formatSteps, serverTimingSteps, sessionFor, startBench } from "./harness";
import { ACCOUNTS, PEOPLE, TEAMS, WIDE_GROUPS, WIDE_ROLES, analyzeAsOwner, grantAdmin, seedPeople } from "./people-seed";
import { writeBenchRows } from "./summary-rows";
import { formatSummary, largestProfile, readProfile, summarise } from "./profile-summary";
import { formatComparison, pastBase, profilePages, type PageProfile, type ProfileTarget } from "./page-profile";

const say = (s: string) => console.log(s);
/** What a ✘ row says to do: no CPU profile has been taken at this size yet (see bench/RESULTS.md). */
// Why the ✘ rows are still ✘, from the profiles (bench/RESULTS.md §5 and §7, fifth session).
const PAGE_NEXT =
  "Next's own dynamic page is 1.8× health before any of Keyless's code, the dashboard shell around an empty page 2.5× (probes, bench/RESULTS.md §5, " +
  "sixth session); the rest is the page's 500 roles: packed into one compact prop (0.12 ms to build, §7) and a windowed client list, so the app's time " +
  "is rendering and sending the 160 kB document. Next: a lighter shell (the part every page pays), then the roles' payload sent after the first paint.";
const API_NEXT =
  "The handler's time is spread over parsing 7,000 fields, the response schema, and serialising and writing 142 kB (profile, §7); next: rows in pg's array mode, then paging or fields= for very long lists.";
type ApiRole = { id: string; accountId: string; roleName: string };

async function rolesOf(base: string, cookie: string): Promise<ApiRole[]> {
  const res = await fetch(`${base}/api/v1/aws-roles`, { headers: { Cookie: cookie } });
  if (res.status !== 200) throw new Error(`GET /api/v1/aws-roles answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as ApiRole[];
}

const PROFILE = process.argv.includes("--profile");
const PROFILE_PAGE = process.argv.includes("--profile-page");
const PROFILE_DIR = sandboxPath("bench-profiles", `people-${new Date().toISOString().replace(/[:.]/g, "-")}`);

async function main() {
  if (PROFILE) mkdirSync(PROFILE_DIR, { recursive: true });
  const bench = await startBench({
    // The handler's steps (caller, roles, app) from the Server-Timing header, printed below.
    env: { KEYLESS_SERVER_TIMING: "true" },
    // The profile is written when the app exits (bench.stop()).
    ...(PROFILE ? { appNodeArgs: ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] } : {}),
  });
  try {
    const { stack, db } = bench;
    const base = stack.urls.app;
    let t = performance.now();
    await seedPeople(db);
    say(`Seeded ${PEOPLE.toLocaleString()} people, ${ACCOUNTS} accounts × 5 roles in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const wide = await sessionFor(db, "wide@bench.example", WIDE_GROUPS);
    const { rows } = await db.query<{ id: string }>("SELECT id FROM users WHERE email = 'wide@bench.example'");
    await grantAdmin(db, rows[0]!.id);
    await analyzeAsOwner(stack.ownerDatabaseUrl);
    const narrow = await sessionFor(db, "narrow@bench.example", ["team-7"]);

    // What each person sees is exactly what their groups map: no more, no less.
    const wideRoles = await rolesOf(base, wide);
    if (wideRoles.length !== WIDE_ROLES) throw new Error(`the wide person sees ${wideRoles.length} roles, not ${WIDE_ROLES}`);
    const narrowRoles = await rolesOf(base, narrow);
    const foreign = narrowRoles.filter((r) => (Number(r.accountId) - 600000000000) % TEAMS !== 7);
    if (narrowRoles.length !== (ACCOUNTS / TEAMS) * 5 || foreign.length > 0)
      throw new Error(`team-7 sees ${narrowRoles.length} roles, ${foreign.length} of other teams' accounts`);
    const page = await (await fetch(`${base}/`, { headers: { Cookie: wide } })).text();
    if (!page.includes("payments-") || !page.includes(`${WIDE_ROLES} roles`))
      throw new Error("the credentials page does not list the roles");
    say(`The wide person sees ${wideRoles.length} roles; team-7 sees ${narrowRoles.length}, all in its own accounts.`);
    if (PROFILE) {
      say(
        `Profiling: GET /api/v1/aws-roles × 1,500; steps (p50 ms): ${formatSteps(await serverTimingSteps(`${base}/api/v1/aws-roles`, wide, 1500))}`,
      );
      return;
    }
    // The pages a profile compares (bench/page-profile.ts): the page, and the shell as the base.
    const SHELL_PROFILE = "the shell (/cli-sessions)";
    const pageProfiles = (requests: number, extra: ProfileTarget[] = []) =>
      profilePages(
        bench,
        [
          { label: "the credentials page", path: "/", cookie: wide },
          { label: SHELL_PROFILE, path: "/cli-sessions", cookie: wide },
          ...extra,
        ],
        requests,
      );
    const printProfiles = (profiles: PageProfile[]) =>
      say(`\nWhere the credentials page's CPU goes (node --cpu-prof)\n\n${formatComparison(profiles, SHELL_PROFILE)}`);
    if (PROFILE_PAGE) {
      printProfiles(await pageProfiles(400, [{ label: "/api/health", path: "/api/health", cookie: wide }]));
      return;
    }

    t = performance.now();
    const timings = await timeSideBySide(
      base,
      [
        { label: "GET /api/health", path: "/api/health" },
        { label: `GET / (credentials page, ${WIDE_ROLES} roles)`, path: "/" },
        { label: `GET /api/v1/aws-roles (${WIDE_ROLES} roles)`, path: "/api/v1/aws-roles" },
        // The same dashboard shell around a near-empty page: what the page costs before its roles.
        { label: "GET /cli-sessions (the shell, near-empty)", path: "/cli-sessions" },
      ],
      wide,
      60,
      10,
    );
    const [health, pageT, api, shell] = timings as [(typeof timings)[0], (typeof timings)[0], (typeof timings)[0], (typeof timings)[0]];
    say(`\n=== ${WIDE_ROLES} roles (p50 / p95 of 60 requests each, interleaved, order alternating) ===`);
    console.table(
      Object.fromEntries(
        timings.map((x) => [
          x.label,
          { "p50 ms": +x.p50.toFixed(1), "p95 ms": +x.p95.toFixed(1), "× health (p50)": +(x.p50 / health.p50).toFixed(2), bytes: x.bytes },
        ]),
      ),
    );
    say(
      `GET /api/v1/aws-roles, the handler's steps (p50 ms of 200, Server-Timing): ${formatSteps(await serverTimingSteps(`${base}/api/v1/aws-roles`, wide, 200))}`,
    );
    const pageRatio = pageT.p50 / health.p50;
    const apiRatio = api.p50 / health.p50;
    const measured = (x: typeof health, r: number) => `${r.toFixed(2)}× (${x.p50.toFixed(1)} vs ${health.p50.toFixed(1)} ms p50)`;
    const load = `load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")} on 2 cores`;
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;
    // An over-budget page: where its CPU goes past the shell's, profiled in this run.
    const profiles = pageRatio > 3 ? await pageProfiles(300) : [];
    if (profiles.length) printProfiles(profiles);
    writeBenchRows("people", [
      {
        item: `4 Credentials page, ${WIDE_ROLES} roles`,
        budget: "≤ 3× /api/health",
        measured: measured(pageT, pageRatio),
        ok: pageRatio <= 3,
        note:
          pageRatio <= 3
            ? undefined
            : `${load}; the document is ${kb(pageT.bytes)} (health ${health.bytes} B); the near-empty /cli-sessions page in the same shell ` +
              `${(shell.p50 / health.p50).toFixed(2)}× in the same run. Profiled in this run: ${pastBase(profiles, "the credentials page", SHELL_PROFILE)}. ${PAGE_NEXT}`,
      },
      {
        item: `4 GET /api/v1/aws-roles, ${WIDE_ROLES} roles`,
        budget: "≤ 2× /api/health",
        measured: measured(api, apiRatio),
        ok: apiRatio <= 2,
        note: apiRatio <= 2 ? undefined : `${load}; the answer is ${kb(api.bytes)} of JSON, checked by the response schema. ${API_NEXT}`,
      },
    ]);
    writeFileSync(sandboxPath("bench-results", "people-page.html"), page);
    const hold = Number(process.env.KEYLESS_BENCH_HOLD_SECONDS ?? 0);
    if (hold > 0) {
      // To look at the page with 500 roles (a screenshot): the sandbox stays up this long.
      say(`Holding ${hold} s: ${base}/ with Cookie ${wide}`);
      await new Promise((resolve) => setTimeout(resolve, hold * 1000));
    }
    say(
      `page ${pageRatio.toFixed(2)}× (≤ 3×) ${pageRatio <= 3 ? "✔" : "✘"} · API ${apiRatio.toFixed(2)}× (≤ 2×) ${apiRatio <= 2 ? "✔" : "✘"}`,
    );
  } finally {
    await bench.stop();
  }
}

main().then(
  () => {
    if (PROFILE)
      console.log(`\nWhere the app's CPU went (node --cpu-prof)\n${formatSummary(summarise(readProfile(largestProfile(PROFILE_DIR))))}`);
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
