// Vending latency and load: credentials through Keyless against the bare STS call it makes,
// side by side in one run (moto behind both), then 1/16/50 concurrent users, the app's
// memory under that load, and the credentials page's first-load JavaScript.
//   npx tsx bench/vending.ts [--iterations 300] [--seconds 20] [--profile] [--baseline <checkout>]
// --profile runs the app under `node --cpu-prof`, measures latency only (no load table) and
// prints where the app's CPU time went (bench/profile-summary.ts). --baseline also runs a
// built checkout of another commit (e.g. main) beside it, interleaved: before and after.
import { mkdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { sessionNameFromEmail, sessionTags } from "../lib/credentials/session-identity";
import { sandboxPath } from "../scripts/sandbox/shared";
import { addServerTimings, serverTimings, percentile, rssMb, sessionFor, startBench, table } from "./harness";
import { startBaselineApp } from "./baseline-app";
import { formatSummary, largestProfile, readProfile, summarise } from "./profile-summary";
import { writeBenchRows } from "./summary-rows";
import { specRows } from "./vending-rows";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITERATIONS = arg("iterations", 300);
const SECONDS = arg("seconds", 20);
const EMAIL = "bench-alice@example.com";
const PROFILE = process.argv.includes("--profile");
const BASELINE = process.argv.includes("--baseline") ? process.argv[process.argv.indexOf("--baseline") + 1] : undefined;
// One folder per run: an earlier run's profile stays for comparison.
const PROFILE_DIR = sandboxPath("bench-profiles", `vending-${new Date().toISOString().replace(/[:.]/g, "-")}`);

async function main() {
  // Limits high enough never to refuse, but the limiter still runs on every issuance.
  if (PROFILE) mkdirSync(PROFILE_DIR, { recursive: true });
  const bench = await startBench({
    env: {
      KEYLESS_CREDENTIALS_RATE_LIMIT_PER_MINUTE: "100000",
      KEYLESS_CREDENTIALS_USER_RATE_LIMIT_PER_MINUTE: "100000",
      // The breakdown below: each step's time from the app's Server-Timing header.
      KEYLESS_SERVER_TIMING: "true",
    },
    // The profile is written when the app exits (bench.stop()).
    ...(PROFILE ? { appNodeArgs: ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] } : {}),
  });
  const baseline = BASELINE ? await startBaselineApp(bench, BASELINE) : null;
  try {
    const { stack, db } = bench;
    const cookie = await sessionFor(db, EMAIL, ["engineering"]);
    const { rows } = await db.query<{ id: string; role_arn: string }>(
      "SELECT id, role_arn FROM aws_roles WHERE role_name = 'SandboxDeveloper'",
    );
    const role = rows[0]!;
    const sts = new STSClient({
      endpoint: stack.urls.moto,
      region: "us-east-1",
      credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
    });
    const name = sessionNameFromEmail(EMAIL);
    const bare = async () => {
      await sts.send(
        new AssumeRoleCommand({
          RoleArn: role.role_arn,
          RoleSessionName: name,
          SourceIdentity: name,
          Tags: sessionTags(EMAIL, ["engineering"]).map((t) => ({ Key: t.key, Value: t.value })),
          DurationSeconds: 3600,
        }),
      );
    };
    // Each step's milliseconds per request, from the Server-Timing header (lib/http/server-timing.ts).
    let steps: Map<string, number[]> | null = null;
    // The STS call inside the last request through Keyless, from its Server-Timing.
    let ownSts = NaN;
    const vendFrom =
      (base: string, keepSteps = false) =>
      async () => {
        const res = await fetch(`${base}/api/v1/credentials`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Cookie: cookie, Origin: stack.urls.app },
          body: JSON.stringify({ roleId: role.id, durationSeconds: 3600 }),
        });
        if (res.status !== 200) throw new Error(`Keyless answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        if (keepSteps && steps) addServerTimings(steps, res.headers);
        if (keepSteps) ownSts = serverTimings(res.headers).get("sts") ?? NaN;
      };
    const viaKeyless = vendFrom(stack.urls.app, true);
    // With --baseline: the same request to the other checkout's app ("before"), interleaved too.
    const viaBaseline = baseline ? vendFrom(baseline.url) : null;
    const time = async (fn: () => Promise<void>) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };

    console.log(`\nWarming up…`);
    for (let i = 0; i < 30; i++) {
      await bare();
      await viaKeyless();
      await viaBaseline?.();
    }

    console.log(`Latency, ${ITERATIONS} calls each, interleaved…`);
    steps = new Map();
    // The floor any Next.js route pays on this machine: a handler that touches nothing.
    const floor = async () => {
      const res = await fetch(`${stack.urls.app}/api/health/live`);
      await res.arrayBuffer();
    };
    const a: number[] = [];
    const b: number[] = [];
    const c: number[] = [];
    const d: number[] = [];
    // Each request through Keyless less the STS call it made (paired, the same request).
    const e: number[] = [];
    const runs: [() => Promise<void>, number[]][] = [
      [bare, a],
      [viaKeyless, b],
      [floor, c],
      ...(viaBaseline ? [[viaBaseline, d] as [() => Promise<void>, number[]]] : []),
    ];
    // Rotate which goes first, second…, forwards and backwards (with three: all six orders),
    // so drift, caches and the connection pool's state on a noisy machine hit each alike.
    const n = runs.length;
    const orderOf = (i: number) => {
      const rotated = Array.from({ length: n }, (_, k) => (k + i) % n);
      return Math.floor(i / n) % 2 ? rotated.reverse() : rotated;
    };
    for (let i = 0; i < ITERATIONS; i++) {
      for (const which of orderOf(i)) {
        const [fn, into] = runs[which]!;
        into.push(await time(fn));
        if (into === b && Number.isFinite(ownSts)) e.push(b.at(-1)! - ownSts);
      }
    }
    // What Keyless adds past the two things it cannot avoid: the STS call it makes and the
    // floor of any Next.js route (the empty one), each at the same percentile of this run.
    const added = (p: number, via = b) => percentile(via, p) - percentile(a, p) - percentile(c, p);
    // The same quantity paired: each request less its own STS call (Server-Timing), then the
    // floor. A percentile of a difference is not the difference of percentiles of independent
    // series: at p99 the unpaired form subtracts moto's tail from a request whose STS call was
    // not in it, and on this machine moto's tail is larger than what is measured (it went
    // negative). Pairing takes the STS call's own variation out; the floor stays unpaired.
    const pairedAdded = (p: number) => percentile(e, p) - percentile(c, p);
    const latency = [
      [
        "",
        "bare STS (moto)",
        "through Keyless",
        "empty route (floor)",
        "added over floor",
        "paired: Keyless − own STS",
        "paired added",
        "budget",
      ],
      ...[50, 99].map((p) => [
        `p${p} ms`,
        percentile(a, p).toFixed(2),
        percentile(b, p).toFixed(2),
        percentile(c, p).toFixed(2),
        added(p).toFixed(2),
        percentile(e, p).toFixed(2),
        pairedAdded(p).toFixed(2),
        p === 50 ? "≤ 1" : "≤ 3",
      ]),
    ];
    if (viaBaseline) {
      latency[0]!.push("baseline (before)", "its added");
      for (const [row, p] of [50, 99].entries()) latency[row + 1]!.push(percentile(d, p).toFixed(2), added(p, d).toFixed(2));
    }
    console.log(`\nVending latency (budget: Keyless adds ≤ 1 ms p50, ≤ 3 ms p99 over the floor)\n${table(latency)}`);
    const stepsSeen = steps;
    steps = null;
    // Where Keyless's time goes inside the app (Server-Timing), and what is left outside its
    // route handler (Next.js, HTTP): the request as the client timed it minus the handler.
    const appTimes = stepsSeen.get("app") ?? [];
    const breakdownRows = [
      ["step (Server-Timing)", "p50 ms", "p99 ms"],
      ...[...stepsSeen].map(([step, ms]) => [
        step === "app" ? "app (the whole route handler)" : step,
        percentile(ms, 50).toFixed(2),
        percentile(ms, 99).toFixed(2),
      ]),
      ["outside the handler (client-timed − app)", (percentile(b, 50) - percentile(appTimes, 50)).toFixed(2), "—"],
    ];
    console.log(`\nWhere the time goes in the app\n${table(breakdownRows)}`);
    const breakdown = [...stepsSeen]
      .filter(([step]) => step !== "app")
      .map(([step, ms]) => `${step} ${percentile(ms, 50).toFixed(2)}`)
      .join(", ");
    // What one database round trip costs on this machine now (a trivial statement on a warm
    // connection): the unit of the breakdown in bench/RESULTS.md (round trips on the path × this).
    const roundTrips: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) roundTrips.push(await time(async () => void (await db.query("SELECT 1"))));
    console.log(
      `one Postgres round trip: p50 ${percentile(roundTrips, 50).toFixed(2)} ms, p99 ${percentile(roundTrips, 99).toFixed(2)} ms`,
    );
    const machineLoad = `load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`;
    console.log(machineLoad);
    // p50 as the issue defines it (medians of the three series); p99 paired (see pairedAdded).
    const slowPath =
      "Server-Timing on a quiet machine (bench/RESULTS.md §1): preflight 1.29 ms (who asks, role, grant, limits: one prepared " +
      "statement), the sealed fail-closed audit write 2.32 ms (two round trips and a WAL flush), the rest of the handler ~1.1 ms. " +
      "The same statements from a bare pg client take 0.5 and 1.0 ms: ~0.6–0.8 ms per round trip is the app's own, between the " +
      "reply reaching its socket and the await resuming. Next: a fine-interval profile of that gap (async context propagation " +
      "in Next's request scope, pg-pool checkout).";
    // At p99, which step's tail it is: each step's p99 against its p50, from the same requests.
    const tailNote = () => {
      const tails = [...stepsSeen]
        .filter(([step]) => step !== "app")
        .map(([step, ms]) => ({ step, p50: percentile(ms, 50), p99: percentile(ms, 99) }))
        .sort((x, y) => y.p99 - y.p50 - (x.p99 - x.p50));
      const worst = tails[0];
      return (
        `Each step's p99 against its p50 (Server-Timing, the same requests): ${tails.map((t) => `${t.step} ${t.p99.toFixed(2)} / ${t.p50.toFixed(2)}`).join(", ")} ms. ` +
        (worst?.step === "audit"
          ? "The tail is the fail-closed audit write's: its COMMIT waits for the WAL flush, whose tail is the disk's. Next: the audit entry's flush measured apart from the rest (pg_stat_wal, a bare client's COMMIT p99 in the same run)."
          : `The widest tail is ${worst?.step ?? "none"}'s. Next: profile that step's tail.`)
      );
    };
    const budgetRows = [
      { item: "1 Vending added over floor p50 ≤ 1 ms", budget: "≤ 1 ms", p: 50, limit: 1, value: added(50) },
      { item: "1 Vending added over floor p99 ≤ 3 ms", budget: "≤ 3 ms", p: 99, limit: 3, value: pairedAdded(99) },
    ].map(({ item, budget, p, limit, value }) => ({
      item,
      budget,
      measured:
        `${value.toFixed(2)} ms ${p === 50 ? "(medians" : "(paired"}: Keyless ${percentile(b, p).toFixed(2)} − STS ${percentile(a, p).toFixed(2)} − ` +
        `floor ${percentile(c, p).toFixed(2)} = ${added(p).toFixed(2)}; paired, each request less its own STS call ${percentile(e, p).toFixed(2)} − ` +
        `floor = ${pairedAdded(p).toFixed(2)}; steps at p50: ${breakdown} ms; ${machineLoad})`,
      // Below zero, the machine's noise is larger than what is measured: no verdict from that.
      ok: value >= 0 && value <= limit,
      ...(value < 0
        ? { note: "Negative: at this load the percentiles' noise exceeds the quantity measured; rerun on a quieter machine." }
        : value > limit
          ? { note: p === 50 ? slowPath : tailNote() }
          : {}),
    }));
    // Profiling: the latency phase only; the profile is read once the app has exited.
    if (PROFILE) return;
    writeBenchRows("vending", budgetRows);

    const load: (string | number)[][] = [["users", "path", "requests/s", "p50 ms", "p99 ms", "errors", "app RSS max MB"]];
    // Interleaved: each row's time is cut into slices run A B B A (bare, Keyless, Keyless,
    // bare, and the other way round every other row), so both meet the same machine.
    const SLICES = 4;
    for (const [row, users] of [1, 16, 50].entries()) {
      const tallies = new Map<string, { lat: number[]; errors: number; maxRss: number }>([
        ["bare STS", { lat: [], errors: 0, maxRss: 0 }],
        ["Keyless", { lat: [], errors: 0, maxRss: 0 }],
      ]);
      const paths = [
        ["bare STS", bare],
        ["Keyless", viaKeyless],
      ] as const;
      const first = row % 2 === 0 ? paths : ([paths[1], paths[0]] as const);
      const sequence = [first[0], first[1], first[1], first[0]];
      for (const [label, fn] of sequence.slice(0, SLICES)) {
        const tally = tallies.get(label)!;
        const deadline = Date.now() + (SECONDS * 1000 * 2) / SLICES;
        const sampler = setInterval(() => (tally.maxRss = Math.max(tally.maxRss, rssMb(bench.app.child.pid ?? 0))), 250);
        await Promise.all(
          Array.from({ length: users }, async () => {
            while (Date.now() < deadline) {
              const t = performance.now();
              try {
                await fn();
                tally.lat.push(performance.now() - t);
              } catch {
                tally.errors++;
              }
            }
          }),
        );
        clearInterval(sampler);
      }
      for (const [label, { lat, errors, maxRss }] of tallies) {
        load.push([
          users,
          label,
          (lat.length / SECONDS).toFixed(1),
          percentile(lat, 50).toFixed(1),
          percentile(lat, 99).toFixed(1),
          errors,
          label === "Keyless" ? maxRss : "–",
        ]);
      }
    }

    // First-load JS of the credentials page: every script the page loads, gzipped.
    const html = await (await fetch(`${stack.urls.app}/`, { headers: { Cookie: cookie } })).text();
    // Modern browsers neither fetch nor run `noModule` scripts (Next's legacy polyfills).
    const scripts = [...html.matchAll(/<script([^>]*)>/g)]
      .filter((m) => !/nomodule/i.test(m[1]!))
      .map((m) => /src="([^"]+)"/.exec(m[1]!)?.[1])
      .filter((s): s is string => Boolean(s));
    let gz = 0;
    for (const src of new Set(scripts)) gz += gzipSync(Buffer.from(await (await fetch(new URL(src, stack.urls.app))).arrayBuffer())).length;

    console.log(`\nLoad, ${SECONDS}s per row (budget: no errors at 50 users; app RSS ≤ 300 MB)\n${table(load)}`);
    console.log(
      `\nCredentials page first-load JS: ${(gz / 1024).toFixed(1)} kB gzipped in ${new Set(scripts).size} scripts (budget ≤ 150 kB)`,
    );
    writeBenchRows("vending", [...budgetRows, ...specRows(load, gz)]);
  } finally {
    await baseline?.app.stop();
    await bench.stop();
  }
}

function printProfile(): void {
  console.log(`\nWhere the app's CPU went (node --cpu-prof)\n${formatSummary(summarise(readProfile(largestProfile(PROFILE_DIR))))}`);
}
main()
  .then(() => PROFILE && printProfile())
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
