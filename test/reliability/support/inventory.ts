// Inventory fixtures: one dataset seeded into several AWS accounts (the same users, tags,
// key dates and last use; key ids that differ only by an account letter), changes applied
// to each in the same way, and a snapshot of what Keyless recorded for an account with
// the account letter normalised away, so two accounts' inventories can be compared.
import { DeleteAccessKeyCommand, DeleteUserCommand, TagUserCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { iamIn } from "../../../scripts/sandbox/aws-clients";
import type { App } from "./processes";
import type { Client } from "./api";
import { testDb } from "./api";
import { sandbox } from "./env";
import { moto } from "./moto";
import { waitFor } from "./wait";

const DAY = 86_400_000;
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** AKIA + "RL" + the account letter + 13 base32 digits of (user, key): unique and comparable. */
export function keyIdOf(letter: string, user: number, key: number): string {
  let n = user * 4 + key;
  let digits = "";
  for (let i = 0; i < 13; i++) {
    digits = (BASE32[n % 32] ?? "A") + digits;
    n = Math.floor(n / 32);
  }
  return `AKIARL${letter}${digits}`;
}

const at = (now: number, daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();

/** `users` IAM users with 0–2 keys of varied ages, states, owners and last use; deterministic. */
export function dataset(letter: string, users: number, now: number, from = 0) {
  return Array.from({ length: users }, (_, k) => {
    const i = from + k;
    const keyCount = i % 5 === 0 ? 0 : i % 3 === 0 ? 2 : 1;
    return {
      userName: `svc-${String(i).padStart(4, "0")}`,
      createDate: at(now, 400 + (i % 50)),
      tags: {
        ...(i % 4 === 0 ? {} : { owner: `owner-${i % 7}@example.com` }),
        ...(i % 2 === 0 ? { team: `team-${i % 3}` } : {}),
        env: i % 2 ? "prod" : "dev",
      },
      keys: Array.from({ length: keyCount }, (_, j) => ({
        accessKeyId: keyIdOf(letter, i, j),
        status: (i + j) % 6 === 0 ? "Inactive" : "Active",
        createDate: at(now, ((i * 37 + j * 91) % 200) + j),
        lastUsed: (i + j) % 4 === 0 ? null : { date: at(now, (i * 13 + j) % 120), service: j ? "s3" : "sts", region: "eu-west-1" },
      })),
    };
  });
}

export async function seedDataset(accountId: string, letter: string, users: number, now: number): Promise<void> {
  await moto.seedUsers(accountId, dataset(letter, users, now));
}

/** The same changes in any account: keys deleted and deactivated, a user gone, tags and last use changed, users added. */
export async function applyChanges(accountId: string, letter: string, users: number, now: number): Promise<void> {
  const iam = await iamIn(sandbox.motoUrl, accountId);
  const all = dataset(letter, users, now);
  try {
    for (const [i, u] of all.entries()) {
      const first = u.keys[0];
      if (i % 10 === 1 && first) await iam.send(new DeleteAccessKeyCommand({ UserName: u.userName, AccessKeyId: first.accessKeyId }));
      if (i % 10 === 2 && first)
        await iam.send(new UpdateAccessKeyCommand({ UserName: u.userName, AccessKeyId: first.accessKeyId, Status: "Inactive" }));
      if (i % 10 === 7 && first)
        await iam.send(new UpdateAccessKeyCommand({ UserName: u.userName, AccessKeyId: first.accessKeyId, Status: "Active" }));
      if (i % 10 === 3) {
        for (const k of u.keys) await iam.send(new DeleteAccessKeyCommand({ UserName: u.userName, AccessKeyId: k.accessKeyId }));
        await iam.send(new DeleteUserCommand({ UserName: u.userName }));
      }
      if (i % 10 === 4 && first)
        await moto.setAccessKey({
          accountId,
          userName: u.userName,
          accessKeyId: first.accessKeyId,
          lastUsed: { date: at(now, 0.5), service: "ec2", region: "us-west-2" },
        });
      if (i % 10 === 5)
        await iam.send(new TagUserCommand({ UserName: u.userName, Tags: [{ Key: "owner", Value: `new-owner-${i % 3}@example.com` }] }));
    }
  } finally {
    iam.destroy();
  }
  await moto.seedUsers(accountId, dataset(letter, 12, now, users));
}

/** Starts a sync of every account through the API and waits for it to finish. */
export async function syncAll(
  admin: Client,
  app: App,
  timeoutMs = 240_000,
): Promise<{ jobId: string; status: string; errors: unknown[]; items: { accountId: string; status: string; warning: string | null }[] }> {
  const started = await admin.post<{ jobId: string; alreadyRunning: boolean }>(app.url, "/api/v1/inventory/sync", {});
  if (started.status !== 202) throw new Error(`sync refused: ${started.status} ${started.text}`);
  return waitFor(
    `sync ${started.body.jobId} to finish`,
    async () => {
      const r = await admin.get<{
        jobId: string;
        status: string;
        finishedAt: string | null;
        errors: unknown[];
        items: { accountId: string; status: string; warning: string | null }[];
      }>(app.url, `/api/v1/inventory/sync/${started.body.jobId}`);
      return r.status === 200 && r.body.finishedAt ? r.body : null;
    },
    timeoutMs,
    250,
  );
}

const normalise = (letter: string, accountId: string) => (v: unknown) =>
  JSON.parse(JSON.stringify(v).replaceAll(`AKIARL${letter}`, "AKIARL*").replaceAll(accountId, "<account>")) as unknown;

/** What Keyless holds for one account, as comparable data (no sync ids, seen-at times or row ids). */
export async function inventorySnapshot(admin: Client, app: App, accountId: string, letter: string) {
  const db = testDb();
  const { rows: users } = await db.query(
    `SELECT u.user_name, u.arn, u.path, u.tags, u.owner, u.team, u.created_at, u.deleted_at IS NOT NULL AS deleted
     FROM iam_users u WHERE u.account_id = $1 ORDER BY u.user_name`,
    [accountId],
  );
  const { rows: keys } = await db.query(
    `SELECT k.access_key_id, k.user_name, k.status, k.created_at, k.last_used_at, k.last_used_service, k.last_used_region,
            k.owner, k.team, k.deleted_at IS NOT NULL AS deleted,
            (SELECT coalesce(json_agg(json_build_object('kind', e.kind, 'from', e."from", 'to', e."to") ORDER BY e.id), '[]')
             FROM access_key_events e WHERE e.access_key_id = k.id) AS history
     FROM access_keys k WHERE k.account_id = $1 ORDER BY k.access_key_id`,
    [accountId],
  );
  // As people see them (rotation state, age): every key, deleted ones included.
  const seen: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await admin.get<{ items: Record<string, unknown>[]; nextCursor: string | null }>(
      app.url,
      `/api/v1/keys?accountId=${accountId}&state=all&sort=accessKeyId&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    if (page.status !== 200) throw new Error(`keys API: ${page.status} ${page.text}`);
    // When a key was found gone is the sync's clock, not AWS data: compare whether, not when.
    seen.push(...page.body.items.map((k) => ({ ...k, deletedAt: k.deletedAt ? "(deleted)" : null })));
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  return normalise(letter, accountId)({ users, keys, api: seen }) as { users: unknown[]; keys: { history: unknown[] }[]; api: unknown[] };
}

/** Waits until the sync `jobId` has finished (whatever its outcome), as an admin sees it through the API. */
export function syncFinished(admin: Client, app: App, jobId: string, timeoutMs: number) {
  return waitFor(
    "the interrupted sync to finish",
    async () => {
      const r = await admin.get<{ finishedAt: string | null; status: string; errors: unknown[] }>(
        app.url,
        `/api/v1/inventory/sync/${jobId}`,
      );
      return r.status === 200 && r.body.finishedAt ? r.body : null;
    },
    timeoutMs,
    250,
  );
}
