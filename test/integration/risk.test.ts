import { afterEach, describe, expect, it } from "vitest";
import { toRequestDto } from "@/lib/approvals/dto";
import { createExternalAccessRequest } from "@/lib/approvals/external";
import { createRoleAccessRequest } from "@/lib/approvals/requests";
import { reanalyseRequest } from "@/lib/approvals/risk";
import { systemCaller } from "@/lib/auth/caller";
import { db, sql } from "@/lib/db";
import { makeUser, roleId } from "./helpers";
import { addFault, clearFaults } from "./inventory-helpers";

// The analysis on real parts: requests made against moto (which holds the AWS managed
// policies and the demo roles' policies), read through each account's inventory role.

const PRODUCTION = "222222222222";

async function externalRequest(overrides: { managedPolicyArns?: string[]; inlinePolicy?: string } = {}) {
  const alice = await makeUser("alice", ["engineering"]);
  const request = await createExternalAccessRequest(alice, {
    kind: "EXTERNAL_ACCESS",
    serviceName: "Docs preview reader",
    accountId: PRODUCTION,
    targetType: "webhook",
    targetSettings: { url: "https://hooks.example.com/docs", healthUrl: "https://hooks.example.com/health" },
    targetToken: "whsec_docs-preview",
    managedPolicyArns: overrides.managedPolicyArns ?? ["arn:aws:iam::aws:policy/AdministratorAccess"],
    inlinePolicy:
      overrides.inlinePolicy ??
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: "s3:GetObject", Resource: "arn:*" }] }),
    justification: "<!channel> read-only docs bucket, *Permissions: ReadOnly*",
    ownerEmail: alice.email,
    rotationIntervalDays: 30,
  });
  return { alice, request };
}

const stored = (id: string) => db().accessRequest.findUniqueOrThrow({ where: { id }, select: { risk: true, riskLevel: true } });
const queuedAnalyses = (id: string) =>
  sql<{ state: string }>(`SELECT state FROM pgboss.job WHERE name = 'risk-analyse' AND data->>'requestId' = $1`, [id]);

afterEach(clearFaults);

describe("request risk analysis against IAM", () => {
  it("the disguised request is stored critical, with the admin-equivalent and escalation reasons, and returned as `risk`", async () => {
    const { alice, request } = await externalRequest();
    const row = await stored(request.id);
    expect(row.riskLevel).toBe("critical");
    const dto = toRequestDto(request);
    expect(dto.risk?.level).toBe("critical");
    const codes = dto.risk?.reasons.map((r) => r.code) ?? [];
    expect(codes[0]).toBe("admin-equivalent");
    expect(codes).toEqual(
      expect.arrayContaining(["privilege-escalation:iam:CreateAccessKey", "privilege-escalation:iam:AttachUserPolicy"]),
    );
    // AdministratorAccess was judged by its document, read from IAM.
    expect(dto.risk?.sources).toEqual([
      { source: "arn:aws:iam::aws:policy/AdministratorAccess", analysed: true },
      { source: "inline policy", analysed: true },
    ]);
    expect(dto.risk?.actions.total).toBeGreaterThan(20_000);
    const audit = await db().auditEvent.findFirst({ where: { actorId: alice.userId, action: "request.create" }, orderBy: { id: "desc" } });
    expect(audit?.details).toMatchObject({ riskLevel: "critical" });
    expect(await queuedAnalyses(request.id)).toEqual([]);
  });

  it("a managed policy is judged by its content, not its name: ReadOnlyAccess alone is low", async () => {
    const { request } = await externalRequest({
      managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      inlinePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-docs/*" }],
      }),
    });
    expect((await stored(request.id)).riskLevel).toBe("low");
  });

  it("a role-access request for ProductionReadOnly (ReadOnlyAccess attached) is low", async () => {
    const id = await roleId("ProductionReadOnly");
    // The demo maps it without approval; requests need a role that requires one.
    await db().awsRole.update({ where: { id }, data: { requiresApproval: true } });
    try {
      const alice = await makeUser("alice", ["engineering"]);
      const request = await createRoleAccessRequest(alice, {
        kind: "ROLE_ACCESS",
        roleId: id,
        durationSeconds: 3600,
        justification: "Checking the dashboards",
      });
      const risk = toRequestDto(request).risk;
      expect(risk?.level).toBe("low");
      expect(risk?.reasons[0]?.code).toBe("read-only");
      expect(risk?.sources).toEqual([{ source: "arn:aws:iam::aws:policy/ReadOnlyAccess", analysed: true }]);
    } finally {
      await db().awsRole.update({ where: { id }, data: { requiresApproval: false } });
    }
  });

  it("ProductionDeploy's scoped deploy policy (inline) is medium", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const request = await createRoleAccessRequest(alice, {
      kind: "ROLE_ACCESS",
      roleId: await roleId("ProductionDeploy"),
      durationSeconds: 3600,
      justification: "Deploying the fix for INC-42",
    });
    const risk = toRequestDto(request).risk;
    expect(risk?.level).toBe("medium");
    expect(risk?.sources).toEqual([{ source: "inline policy ScopedDeploy", analysed: true }]);
    expect(risk?.actions.byService.map((s) => s.service).sort()).toEqual(["ecs", "lambda", "s3"]);
  });

  it("a managed policy that does not exist is a source error and makes the request high; waiting will not help", async () => {
    const missing = `arn:aws:iam::${PRODUCTION}:policy/DocsReaderThatNobodyCreated`;
    const { request } = await externalRequest({
      managedPolicyArns: [missing],
      inlinePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-docs/*" }],
      }),
    });
    const risk = toRequestDto(request).risk;
    expect(risk?.level).toBe("high");
    expect(risk?.sources[0]).toMatchObject({ source: missing, analysed: false });
    expect(risk?.sources[0]?.error).toMatch(/NoSuchEntity/);
    expect(risk?.reasons[0]?.detail).toMatch(/Could not read DocsReaderThatNobodyCreated/);
    expect(await queuedAnalyses(request.id)).toEqual([]);
  });

  it("when IAM does not answer, the request keeps a high partial analysis and a job re-reads it once IAM is back", async () => {
    await addFault({ action: "GetPolicyVersion", error: "ServiceUnavailable", rate: 1, accountId: PRODUCTION });
    const { request } = await externalRequest({
      managedPolicyArns: ["arn:aws:iam::aws:policy/IAMFullAccess"],
      inlinePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-docs/*" }],
      }),
    });
    const before = await stored(request.id);
    expect(before.riskLevel).toBe("high");
    expect(toRequestDto(request).risk?.sources[0]).toMatchObject({ analysed: false });
    expect(toRequestDto(request).risk?.sources[0]?.error).toMatch(/ServiceUnavailable/);
    expect(await queuedAnalyses(request.id)).toEqual([{ state: "created" }]);

    // Still down: the job stores what it has and asks to be retried.
    expect(await reanalyseRequest(systemCaller("risk-analysis"), request.id)).toEqual({ retry: true });
    await clearFaults();
    expect(await reanalyseRequest(systemCaller("risk-analysis"), request.id)).toEqual({ retry: false });
    const after = await stored(request.id);
    expect(after.riskLevel).toBe("critical");
    const audit = await db().auditEvent.findFirst({ where: { action: "request.analyse", targetId: request.id }, orderBy: { id: "desc" } });
    expect(audit?.details).toMatchObject({ from: "high", to: "critical", unreadable: [] });
  });

  it("a decided request keeps the analysis it was decided on", async () => {
    const { request } = await externalRequest();
    await db().accessRequest.update({ where: { id: request.id }, data: { status: "DENIED" } });
    await db().accessRequest.update({ where: { id: request.id }, data: { riskLevel: "low" } });
    expect(await reanalyseRequest(systemCaller("risk-analysis"), request.id)).toEqual({ retry: false });
    expect((await stored(request.id)).riskLevel).toBe("low");
  });
});
