// Vending latency and load: credentials through Keyless against the bare STS call it makes,
// side by side in one run (moto behind both), then 1/16/50 concurrent users, the app's
// memory under that load, and the credentials page's first-load JavaScript.
//   npx tsx bench/vending.ts [--iterations 300] [--seconds 20]
import { gzipSync } from "node:zlib";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { sessionNameFromEmail, sessionTags } from "../lib/credentials/session-identity";
import { percentile, rssMb, sessionFor, startBench, table } from "./harness";
import { writeBenchRows } from "./summary-rows";
import { vendingRows } from "./vending-rows";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITERATIONS = arg("iterations", 300);
const SECONDS = arg("seconds", 20);
const EMAIL = "bench-alice@example.com";

async function main() {
  // Limits high enough never to refuse, but the limiter still runs on every issuance.
  const bench = await startBench({
    env: { KEYLESS_CREDENTIALS_RATE_LIMIT_PER_MINUTE: "100000", KEYLESS_CREDENTIALS_USER_RATE_LIMIT_PER_MINUTE: "100000" },
  });
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
    const viaKeyless = async () => {
      const res = await fetch(`${stack.urls.app}/api/v1/credentials`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Cookie: cookie, Origin: stack.urls.app },
        body: JSON.stringify({ roleId: role.id, durationSeconds: 3600 }),
      });
      if (res.status !== 200) throw new Error(`Keyless answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    };
    const time = async (fn: () => Promise<void>) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };

    console.log(`\nWarming up…`);
    for (let i = 0; i < 30; i++) {
      await bare();
      await viaKeyless();
    }

    console.log(`Latency, ${ITERATIONS} calls each, interleaved…`);
    // The floor any Next.js route pays on this machine: a handler that touches nothing.
    const floor = async () => {
      const res = await fetch(`${stack.urls.app}/api/health/live`);
      await res.arrayBuffer();
    };
    const a: number[] = [];
    const b: number[] = [];
    const c: number[] = [];
    // Rotate which of the three goes first, second and third, so drift, caches and the
    // connection pool's state on a noisy machine hit each alike.
    const orders = [
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
      [0, 2, 1],
      [2, 1, 0],
      [1, 0, 2],
    ];
    const runs: [() => Promise<void>, number[]][] = [
      [bare, a],
      [viaKeyless, b],
      [floor, c],
    ];
    for (let i = 0; i < ITERATIONS; i++) {
      for (const which of orders[i % orders.length]!) {
        const [fn, into] = runs[which]!;
        into.push(await time(fn));
      }
    }
    const latency = [
      ["", "bare STS (moto)", "through Keyless", "ratio", "budget", "added ms", "of which Next.js floor"],
      ...[50, 99].map((p) => [
        `p${p} ms`,
        percentile(a, p).toFixed(2),
        percentile(b, p).toFixed(2),
        (percentile(b, p) / percentile(a, p)).toFixed(2),
        "≤ 1.25",
        (percentile(b, p) - percentile(a, p)).toFixed(2),
        percentile(c, p).toFixed(2),
      ]),
    ];

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

    console.log(`\nVending latency (budget: Keyless adds ≤ 25% to the STS call)\n${table(latency)}`);
    console.log(`\nLoad, ${SECONDS}s per row (budget: no errors at 50 users; app RSS ≤ 300 MB)\n${table(load)}`);
    console.log(
      `\nCredentials page first-load JS: ${(gz / 1024).toFixed(1)} kB gzipped in ${new Set(scripts).size} scripts (budget ≤ 150 kB)`,
    );
    writeBenchRows("vending", vendingRows(a, b, c, load, gz));
  } finally {
    await bench.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
