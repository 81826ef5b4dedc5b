import { randomUUID } from "node:crypto";
import { CreateAccessKeyCommand, CreateUserCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { expect } from "@playwright/test";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { credentialsIn, iamIn } from "../../../scripts/sandbox/aws-clients";
import { sessionFor } from "../../../scripts/sandbox/sessions";
import { StandinsClient } from "../../../scripts/sandbox/standins/client";
import { e2ePool } from "../../db";
import { USERS, type DemoUser } from "../../users";
import { callAction, findAction } from "./actions";
import { query, roleIdByName } from "./db";
import { motoUrl, standinsUrl } from "./env";
import { api, json, sessionOf, type Auth } from "./http";

// Fresh resources for the security specs, made through the product's own API and server
// actions (never inserted behind its back), so each matrix cell acts on its own row.

export const as = (user: DemoUser): Auth => ({ cookie: sessionOf(user) });

/** Makes a fixture; a rate limit (the device endpoints allow 20 sign-ins a minute per address) is waited out. */
async function ok<T>(call: () => ReturnType<typeof api>, what: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await call();
    if (res.status === 429 && attempt < 3) {
      await new Promise((r) => setTimeout(r, (Number(res.headers["retry-after"]) || 5) * 1000));
      continue;
    }
    expect(res.status >= 200 && res.status < 300, `${what}: ${res.status} ${res.error ?? ""} ${res.text.slice(0, 300)}`).toBe(true);
    return res.text ? json<T>(res) : (undefined as T);
  }
}

/** A pending request by `user` for ProductionDeploy (the role that needs approval). */
export async function pendingRequest(user: DemoUser): Promise<string> {
  const roleId = await roleIdByName("ProductionDeploy");
  const body = { kind: "ROLE_ACCESS", roleId, durationSeconds: 3600, justification: `Security suite fixture ${randomUUID()}` };
  return (await ok<{ id: string }>(() => api(as(user), "POST", "/api/v1/access-requests", body), "create a request")).id;
}

/** A live grant of ProductionDeploy to `user`, approved by another manager. */
export async function liveGrant(user: DemoUser): Promise<string> {
  const id = await pendingRequest(user);
  const approver: DemoUser = user === "mona" ? "adam" : "mona";
  await ok(() => api(as(approver), "POST", `/api/v1/access-requests/${id}/approve`, { comment: "security suite" }), "approve");
  const [grant] = await query<{ id: string }>("SELECT id FROM grants WHERE request_id = $1", [id]);
  if (!grant) throw new Error("approval made no grant");
  return grant.id;
}

/** Ends `user`'s live break-glass access to ProductionBreakGlass (adam revokes it), so a new activation may start. */
export async function clearBreakGlass(user: DemoUser): Promise<void> {
  const live = await query<{ id: string }>(
    `SELECT g.id FROM grants g JOIN users u ON u.id = g.user_id JOIN aws_roles r ON r.id = g.aws_role_id
      WHERE u.email = $1 AND r.role_name = 'ProductionBreakGlass' AND g.revoked_at IS NULL AND g.expires_at > now()`,
    [USERS[user].email],
  );
  for (const g of live) await ok(() => api(as("adam"), "DELETE", `/api/v1/grants/${g.id}?reason=security%20suite`), "revoke break-glass");
}

/** A fresh, unreviewed break-glass use of ProductionBreakGlass by `user` (the role break-glass allows engineering). */
export async function breakGlassUse(user: DemoUser): Promise<string> {
  await clearBreakGlass(user);
  const roleId = await roleIdByName("ProductionBreakGlass");
  const body = { justification: `Security suite fixture ${randomUUID()}` };
  return (await ok<{ id: string }>(() => api(as(user), "POST", `/api/v1/aws-roles/${roleId}/break-glass`, body), "break glass")).id;
}

/** An approval rule of the suite's own (global, for a group nobody is in), made by adam through the API. */
export async function approvalRule(): Promise<string> {
  const body = {
    scope: { type: "global" },
    kind: "ROLE_ACCESS",
    requesterGroups: [`matrix-${randomUUID().slice(0, 8)}`],
    approverGroups: ["aws-admins"],
  };
  return (await ok<{ id: string }>(() => api(as("adam"), "POST", "/api/v1/approval-rules", body), "create an approval rule")).id;
}

export type DeviceStart = { device_code: string; user_code: string };

export async function deviceCode(): Promise<DeviceStart> {
  return ok<DeviceStart>(
    () => api({}, "POST", "/api/v1/device/authorize", { client_name: "security suite", hostname: "matrix" }),
    "device authorize",
  );
}

export type CliTokens = { access_token: string; refresh_token: string; session_id: string };

/** A CLI session of `user`: device sign-in approved on /device (the server action), then the token. */
export async function cliSession(user: DemoUser): Promise<CliTokens> {
  const start = await deviceCode();
  const approved = await callAction(findAction("app/(dashboard)/device/actions.ts", "approveDeviceAction"), as(user), {
    code: start.user_code,
  });
  expect(approved.result, JSON.stringify(approved)).toMatchObject({ ok: true });
  return ok<CliTokens>(
    () =>
      api({}, "POST", "/api/v1/device/token", {
        grant_type: "urn:ietf:params:oauth:grant-type:device_code",
        device_code: start.device_code,
      }),
    "device token",
  );
}

const standins = new StandinsClient(standinsUrl);

/** A webhook integration of its own (IAM user with one key in moto, a receiver), made by adam. */
export async function integration(): Promise<{ id: string; userName: string }> {
  const suffix = randomUUID().slice(0, 8);
  const userName = `security-${suffix}`;
  const iam = await iamIn(motoUrl, "111111111111");
  await iam.send(new CreateUserCommand({ UserName: userName }));
  await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  const secret = `whsec_security_${randomUUID()}`;
  await standins.webhookReceiver(userName, secret);
  const created = await ok<{ id: string }>(
    () => api(as("adam"), "POST", "/api/v1/integrations", integrationBody(userName, secret)),
    "create an integration",
  );
  return { id: created.id, userName };
}

export function integrationBody(userName: string, secret = `whsec_security_${randomUUID()}`) {
  return {
    name: `Security ${userName}`,
    accountId: "111111111111",
    iamUserName: userName,
    targetType: "webhook",
    targetSettings: { url: `${standinsUrl}/webhook/${userName}`, healthUrl: `${standinsUrl}/webhook/${userName}` },
    targetToken: secret,
    rotationIntervalDays: 90,
    graceSeconds: 0,
    ownerEmail: "adam@example.com",
  };
}

/** A secret in the sandbox account that Keyless did not create (someone else's, untagged by Keyless). */
export async function foreignSecret(name = `payments/${randomUUID().slice(0, 8)}`, value = "payments-db-password"): Promise<string> {
  const sm = new SecretsManagerClient({
    endpoint: motoUrl,
    region: "us-east-1",
    credentials: await credentialsIn(motoUrl, "111111111111"),
  });
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: value, Tags: [{ Key: "team", Value: "payments" }] }));
  sm.destroy();
  return name;
}

/** A Secrets Manager integration of its own, made by adam, pointing at a secret Keyless did not create. */
export async function secretsManagerIntegration(): Promise<{ id: string; secretId: string }> {
  const userName = await iamUserWithKey();
  const secretId = await foreignSecret();
  const body = { ...integrationBody(userName), targetType: "secrets_manager", targetSettings: { secretId }, targetToken: undefined };
  const created = await ok<{ id: string }>(
    () => api(as("adam"), "POST", "/api/v1/integrations", body),
    "create a Secrets Manager integration",
  );
  return { id: created.id, secretId };
}

/** An IAM user in the sandbox account with one key (for creating an integration). */
export async function iamUserWithKey(): Promise<string> {
  const userName = `security-${randomUUID().slice(0, 8)}`;
  const iam = await iamIn(motoUrl, "111111111111");
  await iam.send(new CreateUserCommand({ UserName: userName }));
  await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  await standins.webhookReceiver(userName, `whsec_security_${randomUUID()}`);
  return userName;
}

/** Waits until no rotation or inventory sync is under way, so table fingerprints hold still. */
export async function quiesce(timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await query<{ busy: number }>(
      `SELECT (SELECT count(*) FROM rotations WHERE status IN ('running', 'waiting'))::int
            + (SELECT count(*) FROM inventory_syncs WHERE finished_at IS NULL AND created_at > now() - interval '1 hour')::int AS busy`,
    );
    if (!row?.busy) return;
    if (Date.now() > deadline) throw new Error(`background work still running after ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export type MatrixPerson = { id: string; email: string; cookie: string };

/**
 * A person of the suite's own, for the cells that suspend, reactivate or revoke someone
 * (never a demo user the other cells act as): signed in once with engineering's groups, as
 * a sign-in leaves them (scripts/sandbox/sessions.ts; people come only from sign-in and SCIM).
 * `awsSession` gets them credentials through the API, so a revocation has something to deny;
 * `suspendedBy` ends their access: an admin through the API, SCIM as its deactivation leaves
 * the row (the SCIM endpoint is tested in its own spec).
 */
export async function matrixPerson(opts: { awsSession?: boolean; suspendedBy?: "admin" | "scim" } = {}): Promise<MatrixPerson> {
  const email = `matrix-${randomUUID().slice(0, 8)}@example.com`;
  const cookie = (await sessionFor(e2ePool, email, ["engineering"])).replace(/^[^=]*=/, "");
  const [row] = await query<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]);
  if (!row) throw new Error(`no users row for ${email}`);
  if (opts.awsSession) {
    const body = { roleId: await roleIdByName("SandboxDeveloper") };
    await ok(() => api({ cookie }, "POST", "/api/v1/credentials", body), "credentials for a matrix person");
  }
  if (opts.suspendedBy === "admin")
    await ok(() => api(as("adam"), "POST", `/api/v1/people/${row.id}/suspend`, { reason: "security suite fixture" }), "suspend");
  if (opts.suspendedBy === "scim")
    await query(
      `UPDATE users SET status = 'suspended', suspended_by = 'scim', suspended_at = now(), suspended_reason = 'SCIM active:false (security suite)'
        WHERE id = $1`,
      [row.id],
    );
  return { id: row.id, email, cookie };
}

/**
 * A person's own key ready to retire (lib/retirement/ready.ts): an IAM user tagged kind=human
 * and owned by `owner`, with one key, in the inventory as last seen now, and the owner's
 * Keyless credentials for that account issued after the key's last use.
 */
export async function readyHumanKey(owner: DemoUser, opts: { service?: true } = {}): Promise<{ accessKeyId: string; userName: string }> {
  const email = USERS[owner].email;
  const kind = opts.service ? "service" : "human";
  const userName = `retire-${randomUUID().slice(0, 8)}`;
  const iam = await iamIn(motoUrl, "111111111111");
  await iam.send(
    new CreateUserCommand({
      UserName: userName,
      Tags: [
        { Key: "owner", Value: email },
        { Key: "kind", Value: kind },
      ],
    }),
  );
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  const accessKeyId = key.AccessKey!.AccessKeyId!;
  await query(
    `WITH a AS (SELECT id FROM aws_accounts WHERE account_id = '111111111111'),
          u AS (INSERT INTO iam_users (aws_account_id, account_id, user_name, arn, user_id, tags, owner, created_at)
                SELECT a.id, '111111111111', $1, 'arn:aws:iam::111111111111:user/' || $1, $1, jsonb_build_object('owner', $2::text, 'kind', $4::text), $2, now() - interval '90 days' FROM a
                RETURNING id, aws_account_id)
     INSERT INTO access_keys (access_key_id, aws_account_id, account_id, iam_user_id, user_name, status, created_at, last_used_at, owner, last_seen_at)
     SELECT $3, u.aws_account_id, '111111111111', u.id, $1, 'ACTIVE', now() - interval '90 days', now() - interval '30 days', $2, now() FROM u`,
    [userName, email, accessKeyId, kind],
  );
  await query(
    `INSERT INTO aws_sessions (user_id, email, role_arn, account_id, kind, via, issued_at, expires_at, audit_event_id)
     SELECT id, email, 'arn:aws:iam::111111111111:role/SandboxDeveloper', '111111111111', 'credentials.issue', 'token',
            now() - interval '1 minute', now() + interval '1 hour', -(floor(random() * 1e15)::bigint) FROM users WHERE email = $1`,
    [email],
  );
  return { accessKeyId, userName };
}

/** A retirement under way (the key deactivated, its deletion pending), for the undo cells. */
export async function scheduledRetirement(owner: DemoUser): Promise<string> {
  const { accessKeyId, userName } = await readyHumanKey(owner);
  const iam = await iamIn(motoUrl, "111111111111");
  await iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: "Inactive" }));
  const [row] = await query<{ id: string }>(
    `WITH k AS (UPDATE access_keys SET status = 'INACTIVE' WHERE access_key_id = $1 RETURNING id)
     INSERT INTO key_retirements (id, access_key_id, evidence, requested_by, deactivated_at, delete_after)
     SELECT 'sec' || substr(md5(random()::text), 1, 20), k.id, 'security suite', 'adam@example.com', now(), now() + interval '14 days' FROM k
     RETURNING id`,
    [accessKeyId],
  );
  return row!.id;
}
