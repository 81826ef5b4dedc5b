import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, describe, expect, it } from "vitest";
import { approveRequest } from "@/lib/approvals/decide";
import { createExternalAccessRequest } from "@/lib/approvals/external";
import { runProvisioning, type Provisioning } from "@/lib/approvals/provisioning";
import { createRoleAccessRequest } from "@/lib/approvals/requests";
import type { UserCaller } from "@/lib/auth/caller";
import { accountCredentials } from "@/lib/aws/iam-keys";
import { encryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { RateLimitError, ValidationError } from "@/lib/errors";
import { stopBoss } from "@/lib/jobs/boss";
import { bindLegacyTargetTokens } from "@/lib/targets/legacy-tokens";
import { openTargetToken } from "@/lib/targets/token";
import { startRotation } from "@/lib/rotation/start";
import { makeUser, motoUrl, roleId } from "./helpers";
import { ACCOUNT, runUntilDone, setupIntegration, targetFixture } from "./rotation-helpers";
import { standins, unique } from "./targets-helpers";

// What a requester cannot do with a request: name someone else's secret, point a target
// at the company's network, change its target after the fact, flood approvers, or send
// an approver's comment of any length.

afterAll(async () => {
  await stopBoss();
});

/** A read-only inline policy: low risk, so one approval decides it. */
const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::acme-docs/*" }],
});

async function people() {
  return { alice: await makeUser("alice", ["engineering"]), mona: await makeUser("mona", ["engineering", "eng-managers"]) };
}

function ask(alice: UserCaller, target: { type: "secrets_manager" | "webhook"; settings: Record<string, unknown>; token?: string }) {
  return createExternalAccessRequest(alice, {
    kind: "EXTERNAL_ACCESS",
    serviceName: `svc ${unique("r")}`,
    accountId: ACCOUNT,
    targetType: target.type,
    targetSettings: target.settings,
    ...(target.token ? { targetToken: target.token } : {}),
    inlinePolicy: POLICY,
    justification: "Reads the docs bucket to publish previews",
    ownerEmail: alice.email,
  });
}

const sm = async () => new SecretsManagerClient({ endpoint: motoUrl, region: "us-east-1", credentials: await accountCredentials(ACCOUNT) });
async function secretOf(name: string) {
  const c = await sm();
  const value = await c.send(new GetSecretValueCommand({ SecretId: name }));
  const tags = (await c.send(new DescribeSecretCommand({ SecretId: name }))).Tags ?? [];
  c.destroy();
  return { value: value.SecretString, tags: Object.fromEntries(tags.map((t): [string, string | undefined] => [t.Key ?? "", t.Value])) };
}
async function foreignSecret(name: string) {
  const c = await sm();
  await c.send(new CreateSecretCommand({ Name: name, SecretString: "payments-db-password" }));
  c.destroy();
}

describe("Secrets Manager requests", () => {
  it("refuse, at request time, a secret that exists", async () => {
    const { alice } = await people();
    const name = `payments/${unique("db")}`;
    await foreignSecret(name);
    const before = await db().accessRequest.count({ where: { requesterId: alice.userId } });
    const error = await ask(alice, { type: "secrets_manager", settings: { secretId: name } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      {
        path: "targetSettings.secretId",
        message: expect.stringMatching(/already exists in account 111111111111; Keyless only writes secrets it creates/) as string,
      },
    ]);
    const arn = "arn:aws:secretsmanager:us-east-1:111111111111:secret:payments/db-AbCdEf";
    await expect(ask(alice, { type: "secrets_manager", settings: { secretId: arn } })).rejects.toThrow(/an ARN names one that exists/);
    expect(await db().accessRequest.count({ where: { requesterId: alice.userId } })).toBe(before);
    expect(await db().auditEvent.count({ where: { actorId: alice.userId, action: "request.create", outcome: "denied" } })).toBe(2);
    expect((await secretOf(name)).value).toBe("payments-db-password");
  });

  it("are checked again before provisioning writes: a secret created meanwhile by someone else is left alone", async () => {
    const { alice, mona } = await people();
    const name = `ci/${unique("new")}`;
    const r = await ask(alice, { type: "secrets_manager", settings: { secretId: name } });
    await foreignSecret(name); // appears between the request and its approval
    await approveRequest(mona, r.id, "ok");
    await runProvisioning(r.id, false);
    const row = await db().accessRequest.findUniqueOrThrow({ where: { id: r.id }, select: { status: true, provisioning: true } });
    expect(row.status).toBe("FAILED");
    expect((row.provisioning as Provisioning).error).toMatch(new RegExp(`secret ${name} was not created by Keyless for this integration`));
    expect((await secretOf(name)).value).toBe("payments-db-password");
  });

  it("create their secret tagged for the request, then for the integration that rotates it", async () => {
    const { alice, mona } = await people();
    const name = `ci/${unique("new")}`;
    const r = await ask(alice, { type: "secrets_manager", settings: { secretId: name } });
    await approveRequest(mona, r.id, "ok");
    await runProvisioning(r.id, false);
    const row = await db().accessRequest.findUniqueOrThrow({
      where: { id: r.id },
      select: { status: true, integrationId: true, provisioning: true },
    });
    expect(row.status, JSON.stringify(row.provisioning)).toBe("PROVISIONED");
    expect((await secretOf(name)).tags).toMatchObject({
      "keyless:managed": "true",
      "keyless:request": r.id,
      "keyless:integration": row.integrationId,
    });
    const admin = await makeUser("limits-admin", ["aws-admins"]);
    await db().integration.update({ where: { id: row.integrationId! }, data: { graceSeconds: 0 } }); // no day-long wait here
    const done = await runUntilDone((await startRotation(admin, row.integrationId!, "manual")).rotationId);
    expect(done.status, done.error ?? "").toBe("succeeded");
    expect(JSON.parse((await secretOf(name)).value ?? "{}")).toMatchObject({ AccessKeyId: done.newAccessKeyId });
  });
});

describe("request targets", () => {
  it("are checked against the address policy", async () => {
    const { alice } = await people();
    const error = await ask(alice, { type: "webhook", settings: { url: "https://169.254.169.254/latest/" }, token: "whsec_x" }).catch(
      (e: unknown) => e,
    );
    expect((error as ValidationError).issues).toEqual([
      { path: "targetSettings.url", message: expect.stringMatching(/cloud metadata service/) as string },
    ]);
  });

  it("keep their token for the endpoint it was given for: a target changed after the request fails provisioning closed", async () => {
    const { alice, mona } = await people();
    const fixture = await targetFixture("webhook");
    const r = await ask(alice, { type: "webhook", settings: fixture.settings, token: fixture.token ?? "" });
    const attacker = unique("attacker");
    await standins.webhookReceiver(attacker, "whsec_attacker");
    const url = String(fixture.settings.url).replace(fixture.name, attacker);
    await db().accessRequest.update({ where: { id: r.id }, data: { targetSettings: { url } } });
    await approveRequest(mona, r.id, "ok");
    await runProvisioning(r.id, false);
    const row = await db().accessRequest.findUniqueOrThrow({ where: { id: r.id }, select: { status: true, provisioning: true } });
    expect(row.status).toBe("FAILED");
    expect((row.provisioning as Provisioning).error).toMatch(/stored token was given for url .*Enter a new token/);
    expect((await standins.state()).webhooks[attacker]?.deliveries ?? []).toEqual([]);
  });
});

describe("limits", () => {
  it("rate-limits creating requests per person: 429 with Retry-After, nothing created, audited once", async () => {
    const { alice } = await people();
    const limit = env().KEYLESS_REQUEST_RATE_LIMIT_PER_HOUR;
    await db().$executeRaw`INSERT INTO rate_limit_counters (key, window_start, count, prev_count)
      VALUES (${`requests:create:user:${alice.userId}`}, to_timestamp(floor(extract(epoch FROM now()) / 3600) * 3600), ${limit}, 0)`;
    const input = {
      kind: "ROLE_ACCESS" as const,
      roleId: await roleId("ProductionDeploy"),
      durationSeconds: 3600,
      justification: "Deploy the hotfix now",
    };
    for (let i = 0; i < 2; i++) {
      const error = await createRoleAccessRequest(alice, input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfterSeconds).toBeGreaterThan(0);
    }
    await expect(
      ask(alice, { type: "webhook", settings: { url: "https://hooks.example.com/x" }, token: "whsec_x" }),
    ).rejects.toBeInstanceOf(RateLimitError);
    expect(await db().accessRequest.count({ where: { requesterId: alice.userId } })).toBe(0);
    expect(await db().auditEvent.count({ where: { actorId: alice.userId, action: "request.create", outcome: "denied" } })).toBe(1);
  });

  it("caps decision comments in the data access layer, whatever the path", async () => {
    const { alice, mona } = await people();
    const r = await createRoleAccessRequest(alice, {
      kind: "ROLE_ACCESS",
      roleId: await roleId("ProductionDeploy"),
      durationSeconds: 3600,
      justification: "Deploy the hotfix now",
    });
    const error = await approveRequest(mona, r.id, "x".repeat(2001)).catch((e: unknown) => e);
    expect((error as ValidationError).issues).toEqual([{ path: "comment", message: "A comment is at most 2000 characters." }]);
    expect((await db().accessRequest.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("PENDING");
  });
});

describe("tokens sealed before bindings", () => {
  it("are bound, by the worker's start-up job, to the endpoint their settings name", async () => {
    const admin = await makeUser("legacy-admin", ["aws-admins"]);
    const s = await setupIntegration(admin, "gitlab");
    // As an earlier Keyless stored it: sealed with the row id only, no binding.
    await db().integration.update({
      where: { id: s.integrationId },
      data: { targetTokenEncrypted: encryptSecret(s.fixture.token!, `integration:${s.integrationId}:target-token`) },
    });
    await db().$executeRaw`UPDATE integrations SET target_token_binding = NULL WHERE id = ${s.integrationId}`;
    const select = { id: true, targetType: true, targetSettings: true, targetTokenEncrypted: true, targetTokenBinding: true } as const;
    const legacy = await db().integration.findUniqueOrThrow({ where: { id: s.integrationId }, select });
    expect(openTargetToken(legacy, legacy.targetTokenEncrypted)).toBe(s.fixture.token);

    expect((await bindLegacyTargetTokens()).integrations).toBeGreaterThanOrEqual(1);
    const bound = await db().integration.findUniqueOrThrow({ where: { id: s.integrationId }, select });
    expect(bound.targetTokenBinding).toMatchObject({ type: "gitlab", identity: { project: s.fixture.name } });
    expect(openTargetToken(bound, bound.targetTokenEncrypted)).toBe(s.fixture.token);
    expect(() =>
      openTargetToken({ ...bound, targetSettings: { ...(bound.targetSettings as object), project: "acme/x" } }, bound.targetTokenEncrypted),
    ).toThrow(/Enter a new token/);
    expect(await bindLegacyTargetTokens()).toEqual({ integrations: 0, requests: 0 }); // nothing left to do
  });
});
