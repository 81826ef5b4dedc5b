import { beforeAll, describe, expect, it } from "vitest";
import { catalog, type Catalog, type CatalogAction } from "@/lib/approvals/analysis/catalog";
import { judgeConditions, type Principal } from "@/lib/approvals/analysis/conditions";

let data: Catalog;
beforeAll(async () => {
  data = await catalog();
}, 30_000);

const now = new Date("2026-12-08T10:00:00Z");
function verdicts(
  condition: Record<string, Record<string, string[]>>,
  actions: string[] = ["s3:GetObject"],
  principal: Principal = "user",
) {
  const found = actions.map((a) => data.byKey.get(a.toLowerCase())).filter((a): a is CatalogAction => a !== undefined);
  expect(found).toHaveLength(actions.length);
  return judgeConditions(condition, found, { principal, accountId: "222222222222", now }).map((v) => v.verdict);
}

describe("conditions that restrict nothing", () => {
  it("a * pattern on a key every request carries", () => {
    expect(verdicts({ StringLike: { "aws:PrincipalArn": ["*"] } })).toEqual(["always"]);
    expect(verdicts({ ArnLike: { "aws:PrincipalArn": ["arn:*"] } })).toEqual(["always"]);
    // On a key that may be missing, the * still requires the key: a restriction.
    expect(verdicts({ StringLike: { "aws:ResourceTag/team": ["*"] } })).toEqual(["constrains"]);
    expect(verdicts({ StringLikeIfExists: { "aws:ResourceTag/team": ["*"] } })).toEqual(["always"]);
  });

  it("IfExists, negated operators and ForAllValues on keys these actions never carry", () => {
    expect(verdicts({ StringEqualsIfExists: { "ec2:ResourceTag/env": ["dev"] } })).toEqual(["always"]);
    expect(verdicts({ StringNotEquals: { "ec2:InstanceType": ["t3.micro"] } })).toEqual(["always"]);
    expect(verdicts({ "ForAllValues:StringEquals": { "ec2:InstanceType": ["t3.micro"] } })).toEqual(["always"]);
    // The same key on the action that carries it restricts.
    expect(verdicts({ StringEqualsIfExists: { "ec2:InstanceType": ["t3.micro"] } }, ["ec2:RunInstances"])).toEqual(["constrains"]);
    // s3:ExistingObjectTag/<key> is an S3 key (a template in the dataset).
    expect(verdicts({ StringEqualsIfExists: { "s3:ExistingObjectTag/team": ["docs"] } })).toEqual(["constrains"]);
  });

  it("MFA keys are absent from an IAM user's access key, not from a role session", () => {
    expect(verdicts({ BoolIfExists: { "aws:MultiFactorAuthPresent": ["true"] } }, ["s3:GetObject"], "user")).toEqual(["always"]);
    expect(verdicts({ BoolIfExists: { "aws:MultiFactorAuthPresent": ["true"] } }, ["s3:GetObject"], "role")).toEqual(["constrains"]);
  });

  it("empty value lists, every address, both booleans, a past date, this account", () => {
    expect(verdicts({ StringEquals: { "aws:SourceVpc": [] } })).toEqual(["empty"]);
    expect(verdicts({ IpAddress: { "aws:SourceIp": ["0.0.0.0/0"] } })).toEqual(["always"]);
    expect(verdicts({ IpAddress: { "aws:SourceIp": ["10.0.0.0/8"] } })).toEqual(["constrains"]);
    expect(verdicts({ Bool: { "aws:SecureTransport": ["true", "false"] } })).toEqual(["always"]);
    expect(verdicts({ Bool: { "aws:SecureTransport": ["true"] } })).toEqual(["constrains"]);
    expect(verdicts({ DateGreaterThan: { "aws:CurrentTime": ["2001-01-01T00:00:00Z"] } })).toEqual(["always"]);
    expect(verdicts({ DateGreaterThan: { "aws:CurrentTime": ["2030-01-01T00:00:00Z"] } })).toEqual(["constrains"]);
    expect(verdicts({ StringEquals: { "aws:PrincipalAccount": ["222222222222"] } })).toEqual(["always"]);
    expect(verdicts({ Null: { "aws:PrincipalArn": ["false"] } })).toEqual(["always"]);
    expect(verdicts({ Null: { "aws:ResourceTag/team": ["false"] } })).toEqual(["constrains"]);
  });
});
