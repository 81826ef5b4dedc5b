// Items 5 and 6 of issue 16 (`npm run bench:scale`), not part of `npm test`: two app
// instances and two workers against one Postgres and one moto.
//   1. 50 closed-loop vending users through one instance and through two, interleaved;
//      RSS of both apps and both workers sampled every 250 ms, CPU per part from /proc.
//   2. The inventory sync of every account, started through app 1, shared by the two
//      workers: no account synced twice; RSS sampled the same way.
//   npm run bench:scale -- [--accounts 1000] [--users 50000] [--keys 100000] [--slice-seconds 10] [--rounds 2] [--sync-minutes 30]
//   [--sync-only]: part 2 alone (its rows replace the sync's; the last run's vending rows stay).
//   [--vending-only]: part 1 alone (the last run's sync rows stay).
import { existsSync, readFileSync } from "node:fs";
import { writeBenchRows, type BenchRow } from "./summary-rows";
import { seedOrg, type OrgSeed } from "../scripts/sandbox/org-seed";
import { startScaleSandbox } from "./scale-sandbox";
import { runSharedSync } from "./scale-sync";
import { runVendingLoad } from "./scale-vending";
import { cpuReport, syncRows, vendingRows } from "./scale-report";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ACCOUNTS = arg("accounts", 1000);
const USERS = arg("users", 50_000);
const KEYS = arg("keys", USERS * 2);
const SLICE_SECONDS = arg("slice-seconds", 10);
const ROUNDS = arg("rounds", 2);
const SYNC_MINUTES = arg("sync-minutes", 30);
const SYNC_ONLY = process.argv.includes("--sync-only");
const VENDING_ONLY = process.argv.includes("--vending-only");
const VENDING_USERS = 50;

// The organisation is seeded before the apps start: they are configured with its role.
let seed: OrgSeed | undefined;
const sandbox = await startScaleSandbox(
  {
    // High enough never to refuse; the limiter still runs on every issuance.
    KEYLESS_CREDENTIALS_RATE_LIMIT_PER_MINUTE: "100000",
    KEYLESS_CREDENTIALS_USER_RATE_LIMIT_PER_MINUTE: "100000",
    // No scheduled sync: the workers would start one of their own at start-up.
    KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES: "0",
  },
  // IAM's per-account throttling, as bench/org-inventory.ts simulates it.
  { ratePerSecond: arg("iam-rate", 20), burst: arg("iam-burst", 40) },
  async (motoUrl) => {
    console.log(`\nSeeding an organisation of ${ACCOUNTS} accounts, ${USERS} IAM users, ${KEYS} keys in moto…`);
    seed = await seedOrg(motoUrl, { accounts: ACCOUNTS, users: USERS, keys: KEYS });
    return { KEYLESS_ORGANIZATIONS_ROLE_ARN: `arn:aws:iam::${seed.managementAccount}:role/KeylessOrganizations` };
  },
);
let exitCode = 0;
try {
  const load = readFileSync("/proc/loadavg", "utf8").trim();
  let vending: Awaited<ReturnType<typeof runVendingLoad>> | undefined;
  if (!SYNC_ONLY) {
    console.log(`\nVending: ${VENDING_USERS} users, ${ROUNDS} rounds of ${SLICE_SECONDS} s slices (A B B A), load average ${load}`);
    vending = await runVendingLoad(sandbox, VENDING_USERS, SLICE_SECONDS, ROUNDS);
    console.log(`\n${cpuReport(vending)}`);
  } else console.log(`\nSync only (no vending), load average ${load}`);

  let measured: BenchRow[] = vending ? vendingRows(vending) : [];
  if (!VENDING_ONLY) {
    console.log(`Inventory sync through app 1 (Organizations discovery first), two workers…`);
    const sync = await runSharedSync(sandbox, seed!.accounts, SYNC_MINUTES * 60_000);
    console.log(
      `  ${sync.accounts} accounts, ${sync.users} users, ${sync.keys} keys in ${sync.seconds.toFixed(1)} s; ${sync.awsCalls} AWS calls; ` +
        `worker 1 synced ${sync.perWorker[0]}, worker 2 ${sync.perWorker[1]}; twice: ${sync.twice.length}, missing: ${sync.missing.length}, failed: ${sync.failed}; ` +
        `finish audits: ${sync.finishAudits}; RSS max ${JSON.stringify(sync.maxRss)}`,
    );
    // For docs/deploy.md's sizing: what one audit entry costs on disk, indexes and MAC included.
    const { rows: audit } = await sandbox.db.query<{ n: number; bytes: string }>(
      `SELECT (SELECT count(*)::int FROM audit_events) AS n,
              pg_total_relation_size('audit_events') + pg_total_relation_size('audit_macs') AS bytes`,
    );
    console.log(`  audit log: ${audit[0]!.n} entries, ${(Number(audit[0]!.bytes) / audit[0]!.n).toFixed(0)} bytes each on disk`);
    measured = [...syncRows(sync), ...measured];
  } else console.log("Vending only (no sync): the sync's rows stay those of the last run that measured them.");
  const rows: BenchRow[] = [...measured, ...earlierRows(measured)];
  writeBenchRows("scale", rows);
  for (const r of rows) console.log(`${r.ok ? "✔" : "✘"} ${r.item}: ${r.measured}${r.note ? `\n    ${r.note}` : ""}`);
  console.log(`load average at the end: ${readFileSync("/proc/loadavg", "utf8").trim()}`);
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await sandbox.stop();
}
process.exit(exitCode);

/** A run of one part keeps the rows of the last run that measured the other, marked with its date. */
function earlierRows(measured: BenchRow[]): BenchRow[] {
  const file = ".sandbox/bench-results/scale.json";
  if (!existsSync(file)) return [];
  const earlier = JSON.parse(readFileSync(file, "utf8")) as { at: string; rows: BenchRow[] };
  return earlier.rows
    .filter((r) => !measured.some((m) => m.item === r.item))
    .map((r) => ({ ...r, measured: r.measured.includes("(run of ") ? r.measured : `${r.measured} (run of ${earlier.at.slice(0, 16)})` }));
}
