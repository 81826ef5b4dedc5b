import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserCaller } from "@/lib/auth/caller";
import { accountCredentials } from "@/lib/aws/iam-keys";
import { db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { stopBoss } from "@/lib/jobs/boss";
import { createIntegration } from "@/lib/integrations/manage";
import { openTargetToken } from "@/lib/targets/token";
import { updateIntegration } from "@/lib/integrations/update";
import { startRotation } from "@/lib/rotation/start";
import { motoUrl, makeUser } from "./helpers";
import { ACCOUNT, createIamUser, heldByTarget, runUntilDone, setupIntegration } from "./rotation-helpers";
import { apiUrls, standins, STANDIN_TOKENS, unique } from "./targets-helpers";

// A target cannot be turned against the company: a token stays with the endpoint it was
// given for, targets point only where the address policy allows.

let admin: UserCaller;
beforeAll(async () => {
  admin = await makeUser("targets-admin", ["aws-admins"]);
});
afterAll(async () => {
  await stopBoss();
});

const tokenColumns = { id: true, targetType: true, targetSettings: true, targetTokenEncrypted: true, targetTokenBinding: true } as const;
const rowOf = (id: string) =>
  db().integration.findUniqueOrThrow({ where: { id }, select: { ...tokenColumns, targetTokenSetAt: true, updatedAt: true } });
const auditOf = (id: string, outcome: "success" | "denied") =>
  db().auditEvent.findFirstOrThrow({ where: { action: "integration.update", targetId: id, outcome }, orderBy: { id: "desc" } });

async function refusal(p: Promise<unknown>) {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("a stored token is bound to the endpoint it was given for", () => {
  it("refuses a new URL without a new token, changes nothing, and audits the refusal", async () => {
    const s = await setupIntegration(admin, "github");
    const before = await rowOf(s.integrationId);
    // The same stand-in under another name: a different endpoint as far as the token is concerned.
    const elsewhere = apiUrls.github.replace("localhost", "127.0.0.1");
    const moved = { ...(before.targetSettings as Record<string, unknown>), apiUrl: elsewhere };
    const error = await refusal(updateIntegration(admin, s.integrationId, { targetSettings: moved }));
    expect(error.issues).toEqual([{ path: "targetToken", message: expect.stringMatching(/^a new GitHub token .* is required/) as string }]);
    expect(error.message).toContain(`the stored one was given for apiUrl ${apiUrls.github}, owner acme, repo ${s.fixture.name}`);
    expect(await rowOf(s.integrationId)).toEqual(before);
    const denied = await auditOf(s.integrationId, "denied");
    expect(denied.details).toMatchObject({ endpoint: [{ field: "apiUrl", from: apiUrls.github, to: elsewhere }] });
    // The owner and repository are part of the endpoint too.
    await refusal(updateIntegration(admin, s.integrationId, { targetSettings: { ...moved, apiUrl: apiUrls.github, owner: "evil" } }));
    expect(await rowOf(s.integrationId)).toEqual(before);
  });

  it("with a new token, replaces the token, binds it to the new endpoint and audits old and new values", async () => {
    const s = await setupIntegration(admin, "gitlab");
    const otherProject = `acme/${unique("moved")}`;
    await standins.gitlabProject(otherProject);
    const before = await rowOf(s.integrationId);
    const settings = { ...(before.targetSettings as Record<string, unknown>), project: otherProject };
    await updateIntegration(admin, s.integrationId, { targetSettings: settings, targetToken: STANDIN_TOKENS.gitlab });
    const after = await rowOf(s.integrationId);
    expect(after.targetTokenEncrypted).not.toBe(before.targetTokenEncrypted);
    expect(after.targetTokenBinding).toEqual({ type: "gitlab", identity: { apiUrl: apiUrls.gitlab, project: otherProject } });
    expect(openTargetToken(after, after.targetTokenEncrypted)).toBe(STANDIN_TOKENS.gitlab);
    const audit = await auditOf(s.integrationId, "success");
    expect(audit.details).toMatchObject({
      changed: expect.arrayContaining(["targetSettings", "targetToken"]) as string[],
      settings: [{ field: "project", from: s.fixture.name, to: otherProject }],
      endpoint: [{ field: "project", from: s.fixture.name, to: otherProject }],
    });
    expect(JSON.stringify(audit.details)).not.toContain(STANDIN_TOKENS.gitlab);
    // Rotation now writes to the new project with the new token.
    const { rotationId } = await startRotation(admin, s.integrationId, "manual");
    const done = await runUntilDone(rotationId);
    expect(done.status, done.error ?? "").toBe("succeeded");
    expect((await heldByTarget({ ...s.fixture, name: otherProject }))?.accessKeyId).toBe(done.newAccessKeyId);
  });

  it("lets settings that are not the endpoint change without a token", async () => {
    const s = await setupIntegration(admin, "gitlab");
    const before = await rowOf(s.integrationId);
    const settings = { ...(before.targetSettings as Record<string, unknown>), accessKeyIdVariable: "DEPLOY_KEY_ID" };
    await updateIntegration(admin, s.integrationId, { targetSettings: settings });
    const after = await rowOf(s.integrationId);
    expect(after.targetTokenEncrypted).toBe(before.targetTokenEncrypted);
    expect(openTargetToken(after, after.targetTokenEncrypted)).toBe(STANDIN_TOKENS.gitlab);
  });

  it("fails closed when the endpoint was changed behind the data access layer: the rotation never sends the token", async () => {
    const s = await setupIntegration(admin, "webhook");
    const row = await rowOf(s.integrationId);
    const receiver = unique("attacker");
    await standins.webhookReceiver(receiver, "whsec_attacker");
    const url = `${String((row.targetSettings as { url: string }).url).replace(/webhook\/.*$/, "")}webhook/${receiver}`;
    await db().integration.update({ where: { id: s.integrationId }, data: { targetSettings: { url } } });
    const { rotationId } = await startRotation(admin, s.integrationId, "manual");
    const done = await runUntilDone(rotationId);
    expect(done.status).not.toBe("succeeded");
    expect(done.error).toMatch(
      new RegExp(`stored token was given for url .*, but the target now says .*url .*${receiver}. Enter a new token`),
    );
    expect((await standins.state()).webhooks[receiver]?.deliveries ?? []).toEqual([]);
  });
});

describe("where targets may point, checked when saved", () => {
  it("refuses the metadata service, private networks and plain http off this machine, naming the field", async () => {
    const userName = unique("svc");
    await createIamUser(userName);
    const base = {
      name: unique("policy"),
      accountId: ACCOUNT,
      iamUserName: userName,
      targetType: "webhook" as const,
      targetToken: "whsec_policy_test",
      rotationIntervalDays: 30,
      graceSeconds: 0,
      ownerEmail: "owner@example.com",
      enabled: true,
    };
    const cases: [string, RegExp][] = [
      ["https://169.254.169.254/latest/meta-data/", /cloud metadata service, which is never a target/],
      ["https://[fd00:ec2::254]/", /cloud metadata service/],
      ["https://10.1.2.3/hook", /private network address: list the host in KEYLESS_TARGET_HOST_ALLOWLIST/],
      ["https://192.168.1.20/hook", /private network address/],
    ];
    for (const [url, message] of cases) {
      const error = await refusal(createIntegration(admin, { ...base, targetSettings: { url } }));
      expect(error.issues[0], url).toEqual({ path: "targetSettings.url", message: expect.stringMatching(message) as string });
    }
    const health = await refusal(
      createIntegration(admin, { ...base, targetSettings: { url: `${apiUrls.github}/x`, healthUrl: "https://169.254.169.254/" } }),
    );
    expect(health.issues.map((i) => i.path)).toEqual(["targetSettings.healthUrl"]);
    expect(await db().integration.count({ where: { iamUserName: userName } })).toBe(0);
  });
});

describe("Secrets Manager targets", () => {
  const client = async () =>
    new SecretsManagerClient({ endpoint: motoUrl, region: "us-east-1", credentials: await accountCredentials(ACCOUNT) });
  async function foreignSecret(name: string, value: string) {
    const sm = await client();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: value, Tags: [{ Key: "team", Value: "payments" }] }));
    sm.destroy();
  }
  async function secretOf(name: string) {
    const sm = await client();
    const value = await sm.send(new GetSecretValueCommand({ SecretId: name }));
    const described = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    sm.destroy();
    return {
      value: value.SecretString,
      tags: Object.fromEntries((described.Tags ?? []).map((t): [string, string | undefined] => [t.Key ?? "", t.Value])),
    };
  }

  it("a rotation refuses to overwrite a secret Keyless did not create, until an admin adopts it", async () => {
    const s = await setupIntegration(admin, "secrets_manager", { push: false });
    const name = String(s.fixture.settings.secretId);
    await foreignSecret(name, "payments-db-password");
    const { adoptSecret, secretStatus } = await import("@/lib/integrations/adopt-secret");
    expect(await secretStatus(admin, s.integrationId)).toMatchObject({ state: "foreign", adoptable: true });

    const refused = await runUntilDone((await startRotation(admin, s.integrationId, "manual")).rotationId);
    expect(refused.status).not.toBe("succeeded");
    expect(refused.error).toMatch(new RegExp(`secret ${name} was not created by Keyless for this integration`));
    expect((await secretOf(name)).value).toBe("payments-db-password");

    await adoptSecret(admin, s.integrationId);
    expect((await secretOf(name)).tags).toMatchObject({
      "keyless:managed": "true",
      "keyless:integration": s.integrationId,
      "keyless:adopted-by": admin.email,
      team: "payments",
    });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "integration.adopt_secret", targetId: s.integrationId } });
    expect(audit).toMatchObject({ outcome: "success", actorEmail: admin.email });
    expect(await secretStatus(admin, s.integrationId)).toMatchObject({ state: "ours", adoptable: false });

    const done = await runUntilDone((await startRotation(admin, s.integrationId, "manual")).rotationId);
    expect(done.status, done.error ?? "").toBe("succeeded");
    expect(JSON.parse((await secretOf(name)).value ?? "{}")).toMatchObject({ AccessKeyId: done.newAccessKeyId });
  });

  it("adoption is for admins, and never takes another integration's secret", async () => {
    const { adoptSecret } = await import("@/lib/integrations/adopt-secret");
    const first = await setupIntegration(admin, "secrets_manager"); // created, tagged for `first`
    const secondUser = unique("svc");
    await createIamUser(secondUser);
    const second = await createIntegration(admin, {
      name: unique("second"),
      accountId: ACCOUNT,
      iamUserName: secondUser,
      targetType: "secrets_manager",
      targetSettings: first.fixture.settings,
      rotationIntervalDays: 30,
      graceSeconds: 0,
      ownerEmail: "owner@example.com",
      enabled: true,
    });
    await expect(adoptSecret(admin, second.id)).rejects.toThrow(/managed by Keyless for another integration/);
    const engineer = await makeUser("targets-engineer", ["engineering"]);
    await expect(adoptSecret(engineer, first.integrationId)).rejects.toMatchObject({ status: 403 });
    expect((await secretOf(String(first.fixture.settings.secretId))).tags["keyless:integration"]).toBe(first.integrationId);
  });
});
