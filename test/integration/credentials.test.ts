import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { encryptIdToken } from "@/lib/auth/adapter";
import { createConsoleUrl, issueCredentials } from "@/lib/credentials/issue";
import { db } from "@/lib/db";
import { AppError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { lastAudit, makeUser, motoUrl, roleId } from "./helpers";

async function whoAmI(c: { accessKeyId: string; secretAccessKey: string; sessionToken: string }) {
  const credentials = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
  const sts = new STSClient({ endpoint: motoUrl, region: "us-east-1", credentials });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
}

describe("credential vending against moto", () => {
  it("issues working credentials for a role the person's groups allow", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const creds = await issueCredentials(alice, { roleId: await roleId("SandboxDeveloper"), durationSeconds: 7200 });
    expect(creds.accountId).toBe("111111111111");
    expect(creds.durationSeconds).toBe(7200);
    expect(creds.cappedReason).toBeUndefined();
    expect(await whoAmI(creds)).toBe(`arn:aws:sts::111111111111:assumed-role/SandboxDeveloper/${alice.email}`);
    const expiresIn = new Date(creds.expiration).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(7000_000);
    expect(expiresIn).toBeLessThanOrEqual(7200_000);
  });

  it("caps the duration at the role's maximum and says why", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const creds = await issueCredentials(alice, { roleId: await roleId("SandboxDeveloper"), durationSeconds: 43_200 });
    expect(creds.durationSeconds).toBe(14_400);
    expect(creds.cappedReason).toMatch(/at most 4 hours/);
  });

  it("audits the issuance with the temporary key id and never the secret", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const creds = await issueCredentials(alice, { roleId: await roleId("ProductionReadOnly") });
    const entry = await lastAudit(alice.userId, "credentials.issue");
    expect(entry?.outcome).toBe("success");
    expect(entry?.targetId).toBe("arn:aws:iam::222222222222:role/ProductionReadOnly");
    expect(entry?.details).toMatchObject({ temporaryAccessKeyId: creds.accessKeyId, accountId: "222222222222" });
    const text = JSON.stringify(entry, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(text).not.toContain(creds.secretAccessKey);
    expect(text).not.toContain(creds.sessionToken);
  });

  it("refuses a role not mapped to the person's groups, and audits the refusal", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    await expect(issueCredentials(alice, { roleId: await roleId("ProductionAdmin") })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await lastAudit(alice.userId, "credentials.issue"))?.outcome).toBe("denied");
  });

  it("refuses a role that requires approval, saying so", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    await expect(issueCredentials(alice, { roleId: await roleId("ProductionDeploy") })).rejects.toThrow(/requires approval/);
  });

  it("answers 404 for a role that does not exist", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    await expect(issueCredentials(alice, { roleId: "does-not-exist" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("vends web-identity roles with the person's SSO token, and asks to sign in again when it expired", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const id = await roleId("SandboxReadOnlyWithSso");
    await expect(issueCredentials(alice, { roleId: id })).rejects.toMatchObject({ status: 401, code: "reauthentication-required" });
    await db().account.create({
      data: {
        userId: alice.userId,
        type: "oidc",
        provider: "oidc",
        providerAccountId: alice.userId,
        idTokenEncrypted: encryptIdToken("header.payload.signature", alice.userId),
        idTokenExpiresAt: new Date(Date.now() + 3600_000),
      },
    });
    const creds = await issueCredentials(alice, { roleId: id });
    expect(await whoAmI(creds)).toMatch(/^arn:aws:sts::111111111111:assumed-role\/SandboxReadOnlyWithSso\//);
    expect(AppError).toBeDefined();
  });

  it("builds a console sign-in link through the federation endpoint", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const { url, expiration } = await createConsoleUrl(alice, { roleId: await roleId("SandboxDeveloper") });
    expect(new Date(expiration).getTime()).toBeGreaterThan(Date.now());
    const u = new URL(url);
    expect(u.searchParams.get("Action")).toBe("login");
    expect(u.searchParams.get("SigninToken")).toBeTruthy();
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`assumed-role/SandboxDeveloper/${alice.email}`);
    expect((await lastAudit(alice.userId, "console.open"))?.outcome).toBe("success");
  });
});
