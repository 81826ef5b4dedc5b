import { beforeAll, describe, expect, it } from "vitest";
import { analysePolicies, type AnalysisInput } from "@/lib/approvals/analysis/analyse";
import { catalog, type Catalog } from "@/lib/approvals/analysis/catalog";
import { ACCESS_LEVELS, riskSchema } from "@/lib/approvals/risk-types";
import { ACCOUNT, awsManaged, CASES, inline } from "@/test/support/risk-policy-cases";

let data: Catalog;
beforeAll(async () => {
  data = await catalog();
}, 30_000);

const analyse = (sources: AnalysisInput["sources"], principal: "user" | "role" = "user") =>
  analysePolicies({ accountId: ACCOUNT, principal, sources, now: new Date("2026-12-08T10:00:00Z") }, data);

describe("the policy table", () => {
  it("has at least 30 policies", () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  for (const c of CASES) {
    it(c.name, () => {
      const risk = analyse(c.sources, c.principal);
      const codes = risk.reasons.map((r) => r.code);
      const shown = risk.reasons.map((r) => `${r.level} ${r.code}: ${r.detail}`).join("\n");
      expect(risk.level, shown).toBe(c.level);
      for (const code of c.codes) expect(codes, shown).toContain(code);
      for (const code of c.not ?? []) expect(codes, shown).not.toContain(code);
      // The level is the highest finding's, and the result honours the shared contract.
      expect(risk.reasons[0]?.level).toBe(c.level);
      expect(riskSchema.parse(risk)).toEqual(risk);
      for (const r of risk.reasons) expect(r.detail.length).toBeGreaterThan(20);
    });
  }
});

describe("what the approver reads", () => {
  it("the disguised request says, in words, that it is administrator access and names the policy it came from", () => {
    const risk = analyse([awsManaged("AdministratorAccess"), inline({ Effect: "Allow", NotAction: "s3:GetObject", Resource: "arn:*" })]);
    expect(risk.reasons[0]).toMatchObject({ code: "admin-equivalent", level: "critical" });
    expect(risk.reasons[0]?.detail).toMatch(/administrator access/i);
    expect(risk.reasons[0]?.detail).toContain("AdministratorAccess");
    const key = risk.reasons.find((r) => r.code === "privilege-escalation:iam:CreateAccessKey");
    expect(key?.detail).toMatch(/access keys for other IAM users/);
    expect(risk.sources).toEqual([
      { source: "arn:aws:iam::aws:policy/AdministratorAccess", analysed: true },
      { source: "inline policy", analysed: true },
    ]);
  });

  it("NotAction alone names what it leaves out", () => {
    const risk = analyse([inline({ Effect: "Allow", NotAction: "s3:GetObject", Resource: "arn:*" })]);
    expect(risk.reasons[0]?.detail).toContain("everything except s3:GetObject");
    expect(risk.reasons[0]?.detail).toContain("arn:*");
  });

  it("an unreadable managed policy is a source error and a high reason, never a silent low", () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/DocsReader`;
    const risk = analyse([
      { source: arn, error: "AccessDenied: not authorized to perform iam:GetPolicyVersion" },
      inline({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-docs/*" }),
    ]);
    expect(risk.level).toBe("high");
    expect(risk.sources).toContainEqual({
      source: arn,
      analysed: false,
      error: "AccessDenied: not authorized to perform iam:GetPolicyVersion",
    });
    expect(risk.reasons[0]?.detail).toMatch(/Could not read DocsReader .*treat it as dangerous/);
  });
});

describe("counts", () => {
  it("expands wildcards against the dataset: distinct actions by access level and by service", () => {
    const risk = analyse([
      inline({ Effect: "Allow", Action: ["s3:Get*", "s3:GetObject", "s3:PutObject", "sqs:SendMessage"], Resource: "*" }),
    ]);
    const s3 = risk.actions.byService.find((s) => s.service === "s3");
    expect(s3?.byAccessLevel.Write).toBe(1);
    expect(s3?.byAccessLevel.Read).toBeGreaterThan(20);
    expect(risk.actions.byService.map((s) => s.service)).toEqual(["s3", "sqs"]);
    const sum = ACCESS_LEVELS.reduce((n, l) => n + risk.actions.byAccessLevel[l], 0);
    expect(sum).toBe(risk.actions.total);
    expect(risk.actions.total).toBe(risk.actions.byService.reduce((n, s) => n + s.total, 0));
  });

  it("`*` counts every action once, and keeps the per-service list short", () => {
    const star = analyse([
      inline({ Effect: "Allow", Action: "*", Resource: "*" }),
      inline({ Effect: "Allow", Action: "s3:*", Resource: "*" }),
    ]);
    expect(star.actions.total).toBe(data.actions.length);
    expect(star.actions.byService.length).toBe(30);
    const listed = star.actions.byService.reduce((n, s) => n + s.total, 0);
    expect(listed + (star.actions.byServiceOmitted?.total ?? 0)).toBe(data.actions.length);
    expect(JSON.stringify(star).length).toBeLessThan(20_000);
  });

  it("a Resource that names no resource of an action's type grants that action nothing", () => {
    // Wildcard-only actions (ListAllMyBuckets) need Resource "*"; a bucket ARN grants no EC2 action.
    const risk = analyse([
      inline({
        Effect: "Allow",
        Action: ["s3:ListAllMyBuckets", "ec2:TerminateInstances", "s3:GetObject"],
        Resource: "arn:aws:s3:::acme-docs/*",
      }),
    ]);
    expect(risk.actions.total).toBe(1);
    expect(risk.level).toBe("low");
  });
});
