import { beforeAll, describe, expect, it } from "vitest";
import { analysePolicies } from "@/lib/approvals/analysis/analyse";
import { catalog, type Catalog } from "@/lib/approvals/analysis/catalog";
import { decide } from "@/test/support/iam-simulator";
import { ACCOUNT, CASES, type PolicyCase } from "@/test/support/risk-policy-cases";

// The analysis says "administrator access"; a real IAM policy evaluator must agree. For
// every policy of the table the analysis flags admin-equivalent, @cloud-copilot/iam-simulate
// (AGPL-3.0, tests only: ADR 014, ADR 016) allows creating an access key for another user,
// the first step of taking over an account; for every policy it rates low, it refuses.

let data: Catalog;
beforeAll(async () => {
  data = await catalog();
}, 30_000);

const REQUESTER = `arn:aws:iam::${ACCOUNT}:user/keyless/docs-preview-reader`;
const SOMEONE_ELSE = `arn:aws:iam::${ACCOUNT}:user/adam`;

const documents = (c: PolicyCase) =>
  (c.sources as { source: string; document?: unknown }[]).flatMap((s, i) =>
    s.document && typeof s.document === "object" && "Version" in s.document
      ? [{ name: `${i}-${s.source.replace(/\W+/g, "-")}`, policy: s.document as { Version: string; Statement: Record<string, unknown>[] } }]
      : [],
  );

function judged(c: PolicyCase) {
  return analysePolicies({ accountId: ACCOUNT, principal: c.principal ?? "user", sources: c.sources }, data);
}

const createKey = (c: PolicyCase) =>
  decide({
    principal: REQUESTER,
    action: "iam:CreateAccessKey",
    resource: SOMEONE_ELSE,
    resourceAccount: ACCOUNT,
    // What AWS puts in the context of a call signed with an IAM user's access key.
    context: { "aws:PrincipalArn": REQUESTER, "aws:PrincipalAccount": ACCOUNT, "aws:PrincipalType": "User", "aws:SecureTransport": "true" },
    identityPolicies: documents(c),
  });

describe("the IAM simulator agrees with the analysis", () => {
  const admin = CASES.filter((c) => c.codes.includes("admin-equivalent"));
  const low = CASES.filter((c) => c.level === "low" && documents(c).length > 0);

  it("the table has both kinds to check", () => {
    expect(admin.length).toBeGreaterThanOrEqual(5);
    expect(low.length).toBeGreaterThanOrEqual(5);
  });

  for (const c of admin) {
    it(`admin-equivalent → allowed to create another user's access key: ${c.name}`, async () => {
      expect(judged(c).reasons.map((r) => r.code)).toContain("admin-equivalent");
      expect(await createKey(c)).toBe("Allowed");
    });
  }

  for (const c of low) {
    it(`low → not allowed to create another user's access key: ${c.name}`, async () => {
      expect(judged(c).level).toBe("low");
      expect(await createKey(c)).not.toBe("Allowed");
    });
  }

  it("and it is not a simulator that allows everything: near-admin (PowerUser shape) is refused there too", async () => {
    const near = CASES.filter((c) => c.codes.includes("near-admin"));
    expect(near.length).toBeGreaterThan(0);
    for (const c of near) expect(await createKey(c), c.name).not.toBe("Allowed");
  });
});
