// Item 6 (first half) and item 5 during the sync: the inventory sync started through app
// instance 1 and run by two workers against one Postgres, with both apps' and both
// workers' RSS sampled every 250 ms. "No account synced twice" is read three ways: moto's
// per-account call counts (a second sync of an account doubles its ListAccessKeys calls),
// the workers' "inventory account synced" log lines, and the run's audit entry.
import { readFileSync } from "node:fs";
import { throttleStats, type SeededAccount } from "../scripts/sandbox/org-seed";
import { sandboxPath } from "../scripts/sandbox/shared";
import { sessionFor } from "./harness";
import { awsCalls, resetAwsCalls } from "./sandbox";
import { rssSampler, type ScaleSandbox } from "./scale-sandbox";

export type SyncOutcome = {
  /** False when the run was still going at the time limit. */
  finished: boolean;
  accounts: number;
  users: number;
  keys: number;
  seconds: number;
  maxRss: Record<string, number>;
  /** Accounts whose moto-side calls or log lines show more (or fewer) than one sync. */
  twice: string[];
  missing: string[];
  perWorker: number[];
  failed: number;
  awsCalls: number;
  finishAudits: number;
};

// The IAM reads of an account's sync (lib/inventory/sync-account.ts). Calls made with the
// hub's own identity (every AssumeRole, Organizations, vending) are counted in the hub's
// account at moto, which is also the organisation's management account.
const SYNC_IAM_ACTIONS = new Set([
  "GetAccountAuthorizationDetails",
  "ListUsers",
  "ListUserTags",
  "ListAccessKeys",
  "GenerateCredentialReport",
  "GetCredentialReport",
  "GetAccessKeyLastUsed",
]);

type AccountRow = { account_id: string; status: string; users: number | null; keys: number | null };

/** Account ids each worker logged as synced in this run, from its log file. */
function syncedByWorker(syncId: string): string[][] {
  return [1, 2].map((i) =>
    readFileSync(sandboxPath("logs", `bench-scale-worker-${i}.log`), "utf8")
      .split("\n")
      .filter((l) => l.includes('"inventory account synced"') && l.includes(syncId))
      .map((l) => (JSON.parse(l) as { accountId: string }).accountId),
  );
}

export async function runSharedSync(sandbox: ScaleSandbox, seeded: SeededAccount[], timeoutMs: number): Promise<SyncOutcome> {
  const { db, apps } = sandbox;
  const cookie = await sessionFor(db, "bench-scale-admin@example.com", ["aws-admins"]);
  await resetAwsCalls(sandbox.motoUrl);
  const sampler = rssSampler(sandbox);
  const started = performance.now();
  const res = await fetch(`${apps[0]!.url}/api/v1/inventory/sync`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: apps[0]!.url, "Content-Type": "application/json" },
    body: "{}",
  });
  if (res.status !== 202 && res.status !== 200) throw new Error(`starting the sync: ${res.status} ${await res.text()}`);
  const { jobId: syncId } = (await res.json()) as { jobId: string };
  let lastReport = 0;
  let finished = false;
  for (;;) {
    const { rows } = await db.query<{ finished: boolean; done: number; total: number }>(
      `SELECT s.finished_at IS NOT NULL AS finished, s.accounts_total AS total,
              (SELECT count(*)::int FROM inventory_sync_accounts a WHERE a.sync_id = s.id AND a.status IN ('succeeded', 'failed')) AS done
         FROM inventory_syncs s WHERE s.id = $1`,
      [syncId],
    );
    const run = rows[0]!;
    finished = run.finished;
    // Out of time: the accounts done so far are still checked; the row says it did not finish.
    if (finished || performance.now() - started > timeoutMs) break;
    // An admin watching the run's progress, served by the other instance.
    const progress = await fetch(`${apps[1]!.url}/api/v1/inventory/sync/${syncId}`, { headers: { Cookie: cookie } });
    if (progress.status !== 200) throw new Error(`sync progress through app 2: ${progress.status}`);
    await progress.arrayBuffer();
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      console.log(
        `  sync: ${run.done}/${run.total} accounts, ${((performance.now() - started) / 1000).toFixed(0)} s, RSS max ${JSON.stringify(sampler.max)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const seconds = (performance.now() - started) / 1000;
  const maxRss = sampler.stop();

  const { rows: accounts } = await db.query<AccountRow>(
    `SELECT aa.account_id, a.status, a.users, a.keys FROM inventory_sync_accounts a JOIN aws_accounts aa ON aa.id = a.aws_account_id WHERE a.sync_id = $1`,
    [syncId],
  );
  const calls = await awsCalls(sandbox.motoUrl);
  const byAccount = (calls as unknown as { byAccount: Record<string, Record<string, number>> }).byAccount;
  const logged = syncedByWorker(syncId);
  const timesLogged = new Map<string, number>();
  for (const id of logged.flat()) timesLogged.set(id, (timesLogged.get(id) ?? 0) + 1);
  const throttled = (await throttleStats(sandbox.motoUrl)).byAccount;
  const ran = new Map(accounts.map((a) => [a.account_id, a]));
  const twice: string[] = [];
  const missing: string[] = [];
  for (const { accountId, users } of seeded) {
    const row = ran.get(accountId);
    const n = timesLogged.get(accountId) ?? 0;
    // Calls IAM answered in this account (throttled ones are counted at moto too). One sync
    // needs the user pages (1,000 each), a credential report and one ListAccessKeys per user;
    // a second sync needs them all again, so twice that many means the account ran twice.
    const iamCalls = Object.entries(byAccount[accountId] ?? {}).filter(([action]) => SYNC_IAM_ACTIONS.has(action));
    const answered = iamCalls.reduce((x, [, n]) => x + n, 0) - (throttled[accountId] ?? 0);
    const minimum = Math.max(1, Math.ceil(users / 1000)) + 1 + users;
    if (n > 1 || answered >= 2 * minimum) twice.push(accountId);
    else if (n === 0 || row?.status !== "succeeded") missing.push(accountId);
  }
  const { rows: audits } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_events WHERE action = 'inventory.sync.finish' AND target_id = $1`,
    [syncId],
  );
  return {
    finished,
    accounts: seeded.length,
    users: accounts.reduce((s, a) => s + (a.users ?? 0), 0),
    keys: accounts.reduce((s, a) => s + (a.keys ?? 0), 0),
    seconds,
    maxRss,
    twice,
    missing,
    perWorker: logged.map((l) => l.length),
    failed: accounts.filter((a) => a.status === "failed").length,
    awsCalls: calls.total,
    finishAudits: audits[0]?.n ?? 0,
  };
}
