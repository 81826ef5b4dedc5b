import { describe, expect, it } from "vitest";
import { encryptIdToken } from "@/lib/auth/adapter";
import { createConsoleUrl, issueCredentials } from "@/lib/credentials/issue";
import { db } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { decodeJwt, foreignKey, idpSigningKey, signJwt } from "@/test/support/id-tokens";
import { callerIdentity, verifiedCallerArn, withAlteredSecret, withAlteredToken } from "@/test/support/vended-credentials";
import { lastAudit, makeUser, roleId } from "./helpers";
import { issuer, signInAtIdp } from "./idp-client";

const federationUrl = process.env.KEYLESS_TEST_FEDERATION_URL ?? "";

describe("credential vending against moto", () => {
  it("issues working credentials for a role the person's groups allow", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const creds = await issueCredentials(alice, { roleId: await roleId("SandboxDeveloper"), durationSeconds: 7200 });
    expect(creds.accountId).toBe("111111111111");
    expect(creds.durationSeconds).toBe(7200);
    expect(creds.cappedReason).toBeUndefined();
    expect(await verifiedCallerArn(creds)).toBe(`arn:aws:sts::111111111111:assumed-role/SandboxDeveloper/${alice.email}`);
    const expiresIn = new Date(creds.expiration).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(7000_000);
    expect(expiresIn).toBeLessThanOrEqual(7200_000);
  });

  it("issues credentials AWS refuses with a wrong secret or session token (the sandbox checks signatures)", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const creds = await issueCredentials(alice, { roleId: await roleId("ProductionReadOnly") });
    expect(await callerIdentity(creds)).toEqual({ arn: `arn:aws:sts::222222222222:assumed-role/ProductionReadOnly/${alice.email}` });
    expect(await callerIdentity(withAlteredSecret(creds))).toEqual({ refused: "SignatureDoesNotMatch" });
    expect(await callerIdentity(withAlteredToken(creds))).toEqual({ refused: "InvalidClientTokenId" });
    expect(await callerIdentity({ ...creds, sessionToken: undefined })).toEqual({ refused: "InvalidClientTokenId" });
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

  it("opens a deep link at the destination asked for, exchanging the token by POST", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const since = new Date().toISOString();
    const destination = { service: "s3", region: "eu-west-1", path: "/buckets/team-data" } as const;
    const { url, destination: built } = await createConsoleUrl(alice, { roleId: await roleId("SandboxDeveloper"), destination });
    const expected = "https://eu-west-1.console.aws.amazon.com/s3/buckets/team-data?region=eu-west-1";
    expect(built).toBe(expected);
    expect(new URL(url).searchParams.get("Destination")).toBe(expected);
    expect(await (await fetch(url)).text()).toContain(`Destination: ${expected}`);
    const arn = `arn:aws:sts::111111111111:assumed-role/SandboxDeveloper/${alice.email}`;
    const seen = (
      (await (await fetch(`${federationUrl}/_requests`)).json()) as { action: string; method: string; arn?: string; at: string }[]
    )
      .filter((r) => r.arn === arn && r.at >= since)
      .map((r) => `${r.method} ${r.action}`);
    expect(seen).toEqual(["POST getSigninToken", "GET login"]);
    const audit = await lastAudit(alice.userId, "console.open");
    expect((audit?.details as { destination?: string } | null)?.destination).toBe(expected);
  });

  it("console sign-in takes vended credentials only with their own secret and session token", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const creds = await issueCredentials(alice, { roleId: await roleId("SandboxDeveloper") });
    const signinToken = async (c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => {
      const session = JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken });
      const res = await fetch(federationUrl, { method: "POST", body: new URLSearchParams({ Action: "getSigninToken", Session: session }) });
      return { status: res.status, body: (await res.json()) as { SigninToken?: string; Error?: { Code: string } } };
    };
    expect((await signinToken(creds)).body.SigninToken).toBeTruthy();
    for (const altered of [withAlteredSecret(creds), withAlteredToken(creds)]) {
      expect(await signinToken(altered)).toMatchObject({ status: 400, body: { Error: { Code: "InvalidCredentials" } } });
    }
  });
});

describe("web-identity roles, with the person's real SSO token", () => {
  /** A person whose stored SSO token is `idToken`, recorded as fresh (what AWS says is the point). */
  async function personWithToken(idToken: string) {
    const alice = await makeUser("alice", ["engineering"]);
    await db().account.create({
      data: {
        userId: alice.userId,
        type: "oidc",
        provider: "oidc",
        providerAccountId: alice.userId,
        idTokenEncrypted: encryptIdToken(idToken, alice.userId),
        idTokenExpiresAt: new Date(Date.now() + 3600_000),
      },
    });
    return alice;
  }

  it("asks to sign in again when the person has no fresh SSO token", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const id = await roleId("SandboxReadOnlyWithSso");
    await expect(issueCredentials(alice, { roleId: id })).rejects.toMatchObject({ status: 401, code: "reauthentication-required" });
  });

  it("vends working credentials with an ID token the bundled IdP issued", async () => {
    const { id_token } = await signInAtIdp("alice@example.com");
    expect(decodeJwt(id_token).claims).toMatchObject({ iss: issuer(), aud: "keyless", email: "alice@example.com" });
    const alice = await personWithToken(id_token);
    const creds = await issueCredentials(alice, { roleId: await roleId("SandboxReadOnlyWithSso") });
    expect(await verifiedCallerArn(creds)).toBe(`arn:aws:sts::111111111111:assumed-role/SandboxReadOnlyWithSso/${alice.email}`);
  });

  it("is refused by AWS for a forged, altered, expired or foreign-audience token, and the failure is audited", async () => {
    const real = decodeJwt((await signInAtIdp("alice@example.com")).id_token);
    const idp = idpSigningKey();
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string, RegExp][] = [
      ["not a JWT", "header.payload.signature", /InvalidIdentityToken/],
      ["signed with a key the IdP never published", signJwt(real, foreignKey()), /InvalidIdentityToken/],
      ["claims changed after signing", tamper(signJwt(real, idp.key), { email: "mona@example.com" }), /InvalidIdentityToken/],
      ["expired", signJwt({ ...real, claims: { ...real.claims, iat: now - 7200, exp: now - 60 } }, idp.key), /ExpiredTokenException/],
      ["for another client", signJwt({ ...real, claims: { ...real.claims, aud: "another-app" } }, idp.key), /InvalidIdentityToken/],
      [
        "from another issuer",
        signJwt({ ...real, claims: { ...real.claims, iss: "http://localhost:1/" } }, idp.key),
        /InvalidIdentityToken/,
      ],
    ];
    for (const [what, token, refusal] of cases) {
      const alice = await personWithToken(token);
      await expect(issueCredentials(alice, { roleId: await roleId("SandboxReadOnlyWithSso") }), what).rejects.toThrow(refusal);
      expect((await lastAudit(alice.userId, "credentials.issue"))?.outcome, what).toBe("failure");
    }
    // The same real claims re-signed with the IdP's own key are accepted: the refusals above are the point.
    const resigned = await personWithToken(signJwt(real, idp.key));
    await expect(issueCredentials(resigned, { roleId: await roleId("SandboxReadOnlyWithSso") })).resolves.toMatchObject({
      accountId: "111111111111",
    });
  });
});

/** The token with some claims replaced, keeping the original signature. */
function tamper(token: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = token.split(".");
  const changed = { ...(JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as object), ...claims };
  return `${header}.${Buffer.from(JSON.stringify(changed)).toString("base64url")}.${signature}`;
}
