import { describe, expect, it } from "vitest";
import { inventoryPermissions, inventoryTrustPolicy, rotationTrustPolicy, trustPolicyFor } from "@/lib/accounts/trust-policy";
import { analysePermissions } from "@/lib/approvals/analysis/analyse";
import { decide, type SimRequest } from "@/test/support/iam-simulator";

// The generated trust policies, evaluated by a real IAM policy engine: only the Keyless
// server may assume the roles, only the way Keyless does, and nobody else at all.

const ROLE_ACCOUNT = "111111111111";
const KEYLESS_ACCOUNT = "999999999999";
const SERVER_ROLE = `arn:aws:iam::${KEYLESS_ACCOUNT}:role/keyless-server`;
const SERVER_SESSION = `arn:aws:sts::${KEYLESS_ACCOUNT}:assumed-role/keyless-server/keyless-pod-1`;
const TARGET = `arn:aws:iam::${ROLE_ACCOUNT}:role/SandboxDeveloper`;

/** Callers that have every permission in their own account: only the trust policy can stop them. */
const ALLOW_EVERYTHING = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

const OTHER_PRINCIPALS = [
  `arn:aws:sts::${KEYLESS_ACCOUNT}:assumed-role/other-service/pod`, // another role beside Keyless's
  `arn:aws:iam::${KEYLESS_ACCOUNT}:user/deployer`, // a user in Keyless's account
  `arn:aws:iam::${KEYLESS_ACCOUNT}:root`, // Keyless's account root
  "arn:aws:iam::222222222222:root", // another account's root
  `arn:aws:sts::333333333333:assumed-role/keyless-server/pod`, // the same role name elsewhere
  `arn:aws:iam::${ROLE_ACCOUNT}:user/admin`, // an administrator in the role's own account
  `arn:aws:iam::${ROLE_ACCOUNT}:root`,
];

function assume(trust: string, principal: string, action: string, context: SimRequest["context"] = {}, allowIgnored?: string[]) {
  return decide({
    principal,
    action,
    resource: TARGET,
    resourceAccount: ROLE_ACCOUNT,
    context,
    identityPolicies: principal === "anonymous" || principal.includes(":oidc-provider/") ? [] : [{ name: "all", policy: ALLOW_EVERYTHING }],
    resourcePolicy: trust,
    allowIgnored,
  });
}

const withIdentity = { "sts:SourceIdentity": "alice@example.com" };

describe("trust policy for roles vended with AssumeRole", () => {
  const trust = trustPolicyFor({ mode: "ASSUME_ROLE", serverPrincipalArn: SERVER_ROLE });

  it("lets the Keyless server assume the role with a SourceIdentity and its session tags", async () => {
    expect(await assume(trust, SERVER_SESSION, "sts:AssumeRole", withIdentity)).toBe("Allowed");
    expect(await assume(trust, SERVER_ROLE, "sts:AssumeRole", withIdentity)).toBe("Allowed");
    expect(await assume(trust, SERVER_SESSION, "sts:SetSourceIdentity", withIdentity)).toBe("Allowed");
    expect(await assume(trust, SERVER_SESSION, "sts:TagSession", { "aws:TagKeys": ["email", "groups"] })).toBe("Allowed");
    expect(await assume(trust, SERVER_SESSION, "sts:TagSession", { "aws:TagKeys": ["email"] })).toBe("Allowed");
  });

  it("refuses the server a session that names nobody, and tags Keyless does not set", async () => {
    expect(await assume(trust, SERVER_SESSION, "sts:AssumeRole")).toBe("ImplicitlyDenied");
    expect(await assume(trust, SERVER_SESSION, "sts:SetSourceIdentity")).toBe("ImplicitlyDenied");
    expect(await assume(trust, SERVER_SESSION, "sts:TagSession", { "aws:TagKeys": ["email", "CostCenter"] })).toBe("ImplicitlyDenied");
  });

  it("refuses every other principal, even one allowed everything in its own account, and anonymous callers", async () => {
    for (const principal of OTHER_PRINCIPALS) {
      for (const action of ["sts:AssumeRole", "sts:SetSourceIdentity"]) {
        expect(await assume(trust, principal, action, withIdentity), `${principal} ${action}`).toBe("ImplicitlyDenied");
      }
      expect(await assume(trust, principal, "sts:TagSession", { "aws:TagKeys": ["email"] }), principal).toBe("ImplicitlyDenied");
    }
    expect(await assume(trust, "anonymous", "sts:AssumeRole", withIdentity)).toBe("ImplicitlyDenied");
  });

  it("refuses the server the other ways into the role", async () => {
    const token = { "sts:RoleSessionName": "alice" };
    expect(await assume(trust, SERVER_SESSION, "sts:AssumeRoleWithWebIdentity", token, ["sts:RoleSessionName"])).toBe("ImplicitlyDenied");
    expect(await assume(trust, SERVER_SESSION, "sts:AssumeRoleWithSAML")).toBe("ImplicitlyDenied");
  });

  it("has exactly the two statements, both for the server principal alone", () => {
    const p = JSON.parse(trust) as { Statement: { Principal: unknown; Action: unknown; Condition: unknown }[] };
    expect(p.Statement.map((s) => s.Principal)).toEqual([{ AWS: SERVER_ROLE }, { AWS: SERVER_ROLE }]);
    expect(p.Statement.map((s) => s.Action)).toEqual([["sts:AssumeRole", "sts:SetSourceIdentity"], "sts:TagSession"]);
  });
});

describe("trust policy for roles vended with the person's SSO token", () => {
  // Google as the IdP: the simulator knows its claims' condition keys (accounts.google.com:aud).
  const provider = `arn:aws:iam::${ROLE_ACCOUNT}:oidc-provider/accounts.google.com`;
  const trust = trustPolicyFor({
    mode: "WEB_IDENTITY",
    accountId: ROLE_ACCOUNT,
    oidcIssuer: "https://accounts.google.com",
    clientId: "keyless",
  });
  const aud = (value: string) => ({ "accounts.google.com:aud": value });

  it("accepts tokens the IdP issued to Keyless's client, and nothing else", async () => {
    expect(await assume(trust, provider, "sts:AssumeRoleWithWebIdentity", aud("keyless"))).toBe("Allowed");
    expect(await assume(trust, provider, "sts:AssumeRoleWithWebIdentity", aud("another-app"))).toBe("ImplicitlyDenied");
    expect(await assume(trust, provider, "sts:AssumeRoleWithWebIdentity")).toBe("ImplicitlyDenied");
    const elsewhere = `arn:aws:iam::${ROLE_ACCOUNT}:oidc-provider/cognito-identity.amazonaws.com`;
    expect(await assume(trust, elsewhere, "sts:AssumeRoleWithWebIdentity", { "cognito-identity.amazonaws.com:aud": "keyless" })).toBe(
      "ImplicitlyDenied",
    );
  });

  it("refuses AssumeRole from anyone, the Keyless server included", async () => {
    for (const principal of [SERVER_SESSION, ...OTHER_PRINCIPALS]) {
      expect(await assume(trust, principal, "sts:AssumeRole", withIdentity), principal).toBe("ImplicitlyDenied");
    }
    expect(await assume(trust, "anonymous", "sts:AssumeRoleWithWebIdentity", aud("keyless"))).toBe("ImplicitlyDenied");
  });

  it("names the provider by the issuer's host and path", () => {
    const p = JSON.parse(
      trustPolicyFor({ mode: "WEB_IDENTITY", accountId: ROLE_ACCOUNT, oidcIssuer: "https://sso.example.com/oauth2/", clientId: "keyless" }),
    ) as { Statement: { Principal: unknown; Condition: unknown }[] };
    expect(p.Statement[0]?.Principal).toEqual({ Federated: `arn:aws:iam::${ROLE_ACCOUNT}:oidc-provider/sso.example.com/oauth2` });
    expect(p.Statement[0]?.Condition).toEqual({ StringEquals: { "sso.example.com/oauth2:aud": "keyless" } });
  });
});

describe.each([
  ["inventory", inventoryTrustPolicy],
  ["rotation", rotationTrustPolicy],
])("trust policy of the %s role", (_, policyFor) => {
  const trust = policyFor(SERVER_ROLE);

  it("lets the Keyless server assume it, and only assume it", async () => {
    expect(await assume(trust, SERVER_SESSION, "sts:AssumeRole")).toBe("Allowed");
    expect(await assume(trust, SERVER_SESSION, "sts:SetSourceIdentity", withIdentity)).toBe("ImplicitlyDenied");
    expect(await assume(trust, SERVER_SESSION, "sts:TagSession", { "aws:TagKeys": ["email"] })).toBe("ImplicitlyDenied");
    expect(await assume(trust, SERVER_SESSION, "sts:AssumeRoleWithSAML")).toBe("ImplicitlyDenied");
  });

  it("refuses everyone else", async () => {
    for (const principal of [...OTHER_PRINCIPALS, "anonymous"]) {
      expect(await assume(trust, principal, "sts:AssumeRole"), principal).toBe("ImplicitlyDenied");
    }
  });
});

describe("the inventory role's permissions", () => {
  const permissions = JSON.parse(inventoryPermissions()) as { Version: string; Statement: Record<string, unknown>[] };
  const inventory = `arn:aws:sts::${ROLE_ACCOUNT}:assumed-role/KeylessInventory/keyless-risk-analysis`;
  const call = (action: string, resource: string) =>
    decide({
      principal: inventory,
      action,
      resource,
      resourceAccount: ROLE_ACCOUNT,
      identityPolicies: [{ name: "inventory", policy: permissions }],
    });

  it("let it read what the key inventory and the risk analysis read, and change nothing", async () => {
    for (const [action, resource] of [
      ["iam:GetPolicyVersion", "arn:aws:iam::aws:policy/AdministratorAccess"],
      ["iam:GetPolicy", `arn:aws:iam::${ROLE_ACCOUNT}:policy/DocsReader`],
      ["iam:ListAttachedRolePolicies", TARGET],
      ["iam:GetRolePolicy", TARGET],
      ["iam:ListAccessKeys", `arn:aws:iam::${ROLE_ACCOUNT}:user/ci`],
    ]) {
      expect(await call(action!, resource!), action).toBe("Allowed");
    }
    for (const [action, resource] of [
      ["iam:CreateAccessKey", `arn:aws:iam::${ROLE_ACCOUNT}:user/ci`],
      ["iam:PutRolePolicy", TARGET],
      ["iam:CreatePolicyVersion", `arn:aws:iam::${ROLE_ACCOUNT}:policy/DocsReader`],
      ["sts:AssumeRole", TARGET],
    ]) {
      expect(await call(action!, resource!), action).toBe("ImplicitlyDenied");
    }
  });

  it("are read-only by Keyless's own analysis", async () => {
    const risk = await analysePermissions({
      accountId: ROLE_ACCOUNT,
      principal: "role",
      sources: [{ source: "inventory", document: permissions }],
    });
    expect(risk.level).toBe("low");
    expect(risk.actions.byAccessLevel.Write + risk.actions.byAccessLevel["Permissions management"]).toBe(0);
  });
});
