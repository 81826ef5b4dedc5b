import { describe, expect, it } from "vitest";
import { trustPolicyFor } from "@/lib/accounts/trust-policy";

type Policy = { Statement: { Principal: unknown; Action: unknown; Condition: unknown }[] };
const parse = (s: string) => JSON.parse(s) as Policy;

describe("trustPolicyFor", () => {
  it("trusts the server principal for AssumeRole, SetSourceIdentity and TagSession", () => {
    const p = parse(trustPolicyFor({ mode: "ASSUME_ROLE", serverPrincipalArn: "arn:aws:iam::123456789012:role/keyless" }));
    expect(p.Statement[0]?.Principal).toEqual({ AWS: "arn:aws:iam::123456789012:role/keyless" });
    expect(p.Statement[0]?.Action).toEqual(["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]);
    expect(p.Statement[0]?.Condition).toEqual({ Null: { "sts:SourceIdentity": "false" } });
  });
  it("trusts the OIDC provider with the audience for web identity", () => {
    const p = parse(
      trustPolicyFor({
        mode: "WEB_IDENTITY",
        accountId: "111111111111",
        oidcIssuer: "https://sso.example.com/oauth2/",
        clientId: "keyless",
      }),
    );
    expect(p.Statement[0]?.Principal).toEqual({ Federated: "arn:aws:iam::111111111111:oidc-provider/sso.example.com/oauth2" });
    expect(p.Statement[0]?.Condition).toEqual({ StringEquals: { "sso.example.com/oauth2:aud": "keyless" } });
  });
});
