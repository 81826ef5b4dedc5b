import { randomUUID } from "node:crypto";
import { CreateUserCommand } from "@aws-sdk/client-iam";
import { iamIn } from "../../scripts/sandbox/aws-clients";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_GROUPS, closeTestDb, ENGINEER_GROUPS, MANAGER_GROUPS, signedIn, testDb, type Client, type Reply } from "./support/api";
import { ensureAwsAccount, webhookIntegration, type TestIntegration } from "./support/integrations";
import { sandbox } from "./support/env";
import { newAccountId } from "./support/moto";
import { startApp, stopAll, type App } from "./support/processes";
import { allowAuditWrites as allowAudit, refuseAuditWrites as refuseAudit } from "../support/refuse-audit";

// The audit log refuses to be silenced (Vault's audit devices fail closed): while the
// database refuses every new audit entry, as a broken disk, a revoked grant or a rogue
// trigger would, each privileged action fails with a clear 503 problem+json and changes
// nothing: no credentials handed out, no rotation started or queued, no integration, no
// decision, no grant, no sync run. When audit writes work again, the same requests succeed.
//
// The refusal is a BEFORE INSERT trigger on audit_events that raises (the sandbox's app
// connects as a superuser, whom a REVOKE would not stop).

const ACCOUNT = newAccountId();

let app: App;
let admin: Client;
let engineer: Client;
let manager: Client;
let integration: TestIntegration;
let freeRoleId: string;
let requestId: string;
/** An IAM user no integration uses yet, for the integration the tests try to create. */
const spareUser = `audit-spare-${randomUUID().slice(0, 8)}`;

const owner = (text: string) => testDb().query(text);
const refuseAuditWrites = () => refuseAudit(owner, "reliability");
const allowAuditWrites = () => allowAudit(owner, "reliability");

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await testDb().query<{ n: string }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

/** What the refused actions could have changed, counted. */
async function footprint() {
  return {
    audit: await count(`SELECT count(*) AS n FROM audit_events`, []),
    rotations: await count(`SELECT count(*) AS n FROM rotations WHERE integration_id = $1`, [integration.id]),
    rotationJobs: await count(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'rotation-run' AND singleton_key = $1`, [integration.id]),
    integrations: await count(`SELECT count(*) AS n FROM integrations`, []),
    pendingRequest: await count(`SELECT count(*) AS n FROM access_requests WHERE id = $1 AND status = 'PENDING' AND decided_at IS NULL`, [
      requestId,
    ]),
    grants: await count(`SELECT count(*) AS n FROM grants WHERE request_id = $1`, [requestId]),
    syncs: await count(`SELECT count(*) AS n FROM inventory_syncs`, []),
  };
}

function expectRefused(r: Reply<Record<string, unknown>>, what: string) {
  expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBe(503);
  expect(r.contentType).toMatch(/^application\/problem\+json/);
  expect(String(r.body.detail)).toMatch(/audit log could not record/i);
  expect(r.text).not.toMatch(/secretAccessKey|sessionToken/);
}

const actions = {
  issue: () => engineer.post(app.url, "/api/v1/credentials", { roleId: freeRoleId }),
  rotate: () => admin.post(app.url, `/api/v1/integrations/${integration.id}/rotate`, {}),
  createIntegration: (name: string) =>
    admin.post(app.url, "/api/v1/integrations", {
      name,
      accountId: ACCOUNT,
      iamUserName: spareUser,
      targetType: "webhook",
      targetSettings: { url: "http://localhost:1/never" },
      targetToken: "whsec_never-used",
      rotationIntervalDays: 30,
      graceSeconds: 0,
      ownerEmail: "owner@example.com",
    }),
  approve: () => manager.post(app.url, `/api/v1/access-requests/${requestId}/approve`, { comment: "ok" }),
  sync: () => admin.post(app.url, "/api/v1/inventory/sync", {}),
};

beforeAll(async () => {
  await allowAuditWrites();
  app = await startApp();
  admin = await signedIn("audit-admin", ADMIN_GROUPS);
  engineer = await signedIn("audit-engineer", ENGINEER_GROUPS);
  manager = await signedIn("audit-manager", MANAGER_GROUPS);
  await ensureAwsAccount(ACCOUNT, "Reliability audit");
  integration = await webhookIntegration(admin, app.url, { accountId: ACCOUNT, label: "audit" });
  const iam = await iamIn(sandbox.motoUrl, ACCOUNT);
  await iam.send(new CreateUserCommand({ UserName: spareUser }));
  iam.destroy();
  const roles = await engineer.get<{ id: string; requiresApproval: boolean }[]>(app.url, "/api/v1/aws-roles");
  freeRoleId = roles.body.find((r) => !r.requiresApproval)?.id ?? "";
  const gated = roles.body.find((r) => r.requiresApproval)?.id ?? "";
  expect(freeRoleId).not.toBe("");
  expect(gated).not.toBe("");
  const request = await engineer.post<{ id: string }>(app.url, "/api/v1/access-requests", {
    kind: "ROLE_ACCESS",
    roleId: gated,
    durationSeconds: 3600,
    justification: "Reliability suite: an approval the audit log must record",
  });
  expect(request.status, request.text).toBe(201);
  requestId = request.body.id;
  // No sync may be under way (a running one would be returned instead of a new one).
  await testDb().query(`UPDATE inventory_syncs SET finished_at = now(), status = 'succeeded' WHERE finished_at IS NULL`);
});

afterAll(async () => {
  await allowAuditWrites();
  await stopAll();
  await closeTestDb();
});

describe("the audit log fails closed", () => {
  it("refuses every privileged action, with a 503 problem+json, and changes nothing", async () => {
    const before = await footprint();
    await refuseAuditWrites();
    try {
      expectRefused(await actions.issue(), "credentials");
      expectRefused(await actions.rotate(), "rotate");
      expectRefused(await actions.createIntegration(`refused-${randomUUID().slice(0, 8)}`), "create integration");
      expectRefused(await actions.approve(), "approve");
      expectRefused(await actions.sync(), "sync");
      expect(await footprint()).toEqual(before);
    } finally {
      await allowAuditWrites();
    }
  });

  it("once audit writes work again, the same actions succeed and are audited", async () => {
    const lastBefore = await count(`SELECT coalesce(max(id), 0) AS n FROM audit_events`, []);
    const issued = await actions.issue();
    expect(issued.status, issued.text).toBe(200);
    const rotate = await actions.rotate();
    expect(rotate.status, rotate.text).toBe(202);
    const created = await actions.createIntegration(`allowed-${randomUUID().slice(0, 8)}`);
    expect(created.status, created.text).toBe(201);
    const approved = await actions.approve();
    expect(approved.status, approved.text).toBe(200);
    const sync = await actions.sync();
    expect(sync.status, sync.text).toBe(202);
    const after = await footprint();
    expect(after).toMatchObject({ rotations: 1, rotationJobs: 1, pendingRequest: 0, grants: 1 });
    const { rows } = await testDb().query<{ action: string }>(`SELECT DISTINCT action FROM audit_events WHERE id > $1`, [lastBefore]);
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        "credentials.issue",
        "rotation.start",
        "integration.create",
        "request.approve",
        "grant.create",
        "inventory.sync.request",
      ]),
    );
  });
});
