// Integrations for the rotation tests, made through the app's API as an admin would:
// an IAM user with one active key in moto, a signed-webhook receiver on the stand-ins
// (its health URL tells which key it holds), and the integration over both.
import { randomUUID } from "node:crypto";
import { CreateAccessKeyCommand, CreateUserCommand, ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { iamIn } from "../../../scripts/sandbox/aws-clients";
import type { Client } from "./api";
import { testDb } from "./api";
import { sandbox, standins } from "./env";
import { moto, patiently } from "./moto";

export type TestIntegration = { id: string; accountId: string; userName: string; receiver: string; firstKeyId: string };

/** An AWS account Keyless knows (its rotation and inventory roles are moto's: any role works). */
export async function ensureAwsAccount(accountId: string, name: string): Promise<void> {
  await testDb().query(
    `INSERT INTO aws_accounts (id, account_id, name, updated_at) VALUES ($1, $2, $3, now()) ON CONFLICT (account_id) DO NOTHING`,
    [`acct-${accountId}`, accountId, name],
  );
}

/**
 * Forgets an account a test added (its users, keys and sync rows go with it), so that the
 * next file's syncs do not also walk this file's big accounts. Accounts with integrations
 * are kept (the database refuses, rightly).
 */
export async function removeAwsAccount(accountId: string): Promise<void> {
  await testDb().query(`DELETE FROM aws_accounts WHERE account_id = $1`, [accountId]);
}

export async function webhookIntegration(
  admin: Client,
  appUrl: string,
  opts: { accountId: string; graceSeconds?: number; label: string },
): Promise<TestIntegration> {
  const suffix = randomUUID().slice(0, 8);
  const userName = `${opts.label}-${suffix}`;
  const receiver = `${opts.label}-${suffix}`;
  const secret = `whsec_${randomUUID()}`;
  const iam = await iamIn(sandbox.motoUrl, opts.accountId);
  await iam.send(new CreateUserCommand({ UserName: userName }));
  const first = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  iam.destroy();
  await standins.webhookReceiver(receiver, secret);
  const url = `${sandbox.standinsUrl}/webhook/${receiver}`;
  const res = await admin.post<{ id: string }>(appUrl, "/api/v1/integrations", {
    name: userName,
    accountId: opts.accountId,
    iamUserName: userName,
    targetType: "webhook",
    targetSettings: { url, healthUrl: url },
    targetToken: secret,
    rotationIntervalDays: 30,
    graceSeconds: opts.graceSeconds ?? 0,
    ownerEmail: "owner@example.com",
  });
  if (res.status !== 201) throw new Error(`creating the integration: ${res.status} ${res.text}`);
  return { id: res.body.id, accountId: opts.accountId, userName, receiver, firstKeyId: first.AccessKey?.AccessKeyId ?? "" };
}

export async function iamKeys(accountId: string, userName: string): Promise<{ accessKeyId: string; status: string }[]> {
  return patiently(async () => {
    const iam = await iamIn(sandbox.motoUrl, accountId);
    try {
      const out = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
      return (out.AccessKeyMetadata ?? []).map((k) => ({ accessKeyId: k.AccessKeyId ?? "", status: k.Status ?? "" }));
    } finally {
      iam.destroy();
    }
  });
}

/** The receiver's valid deliveries, oldest first: what the service was sent. */
export async function deliveries(receiver: string) {
  const state = await standins.state();
  return (state.webhooks[receiver]?.deliveries ?? []).filter((d) => d.signature === "valid" && !d.duplicate);
}

/** What the service holds now: the last valid delivery's key, and whether it authenticates. */
export async function heldKey(t: TestIntegration): Promise<{ accessKeyId: string | null; works: boolean }> {
  const last = (await deliveries(t.receiver)).at(-1);
  if (!last) return { accessKeyId: t.firstKeyId, works: true };
  const key = { accessKeyId: last.accessKeyId as string, secretAccessKey: last.secretAccessKey as string };
  return { accessKeyId: key.accessKeyId, works: await moto.keyIsValid(t.accountId, key) };
}

export type RotationRow = {
  id: string;
  status: string;
  error: string | null;
  warning: string | null;
  started_at: Date;
  finished_at: Date | null;
  old_access_key_id: string | null;
  new_access_key_id: string | null;
};

export async function rotationsOf(integrationId: string): Promise<RotationRow[]> {
  const { rows } = await testDb().query<RotationRow>(
    `SELECT id, status::text, error, warning, started_at, finished_at, old_access_key_id, new_access_key_id FROM rotations WHERE integration_id = $1 ORDER BY started_at`,
    [integrationId],
  );
  return rows;
}

export async function stepsOf(
  rotationId: string,
): Promise<{ step: string; status: string; detail: string | null; error: string | null }[]> {
  const { rows } = await testDb().query<{ step: string; status: string; detail: string | null; error: string | null }>(
    `SELECT step, status::text, detail, error FROM rotation_steps WHERE rotation_id = $1 ORDER BY id`,
    [rotationId],
  );
  return rows;
}

type RotationDetail = {
  state: { status: string; error: string | null; warning: string | null; graceUntil: string | null };
  steps: { step: string; status: string }[];
};

export async function startRotationVia(admin: Client, appUrl: string, integrationId: string): Promise<string> {
  const res = await admin.post<{ rotationId: string }>(appUrl, `/api/v1/integrations/${integrationId}/rotate`, {});
  if (res.status !== 202) throw new Error(`rotate: ${res.status} ${res.text}`);
  return res.body.rotationId;
}

export async function rotationDetail(admin: Client, appUrl: string, rotationId: string): Promise<RotationDetail> {
  const res = await admin.get<RotationDetail>(appUrl, `/api/v1/rotations/${rotationId}`);
  if (res.status !== 200) throw new Error(`rotation: ${res.status} ${res.text}`);
  return res.body;
}

export const FINISHED = ["succeeded", "failed", "rolled_back"];

/**
 * What a finished rotation left behind, as a person would check it: its status, the steps
 * it completed (in order, each once), the keys at AWS, and whether the service holds the
 * one active key and that key works.
 */
export async function rotationOutcome(t: TestIntegration, detail: RotationDetail) {
  const keys = await iamKeys(t.accountId, t.userName);
  const held = await heldKey(t);
  const active = keys.filter((k) => k.status === "Active");
  const done = detail.steps.filter((s) => s.status === "done").map((s) => s.step);
  return {
    status: detail.state.status,
    error: detail.state.error,
    stepsDone: [...new Set(done)],
    keys: keys.map((k) => k.status).sort(),
    oldKeyAtAws: keys.some((k) => k.accessKeyId === t.firstKeyId),
    serviceHoldsTheActiveKey: active.length === 1 && held.accessKeyId === active[0]!.accessKeyId,
    serviceKeyWorks: held.works,
    deliveries: (await deliveries(t.receiver)).length,
  };
}
