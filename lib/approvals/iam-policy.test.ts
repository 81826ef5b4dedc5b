import { describe, expect, it } from "vitest";
import { describePolicy, managedPolicyArnSchema, parsePolicyText } from "@/lib/approvals/iam-policy";

describe("inline IAM policies", () => {
  it("accepts a valid policy and describes it", () => {
    const r = parsePolicyText(
      JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::logs/*" } }),
    );
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(describePolicy(r.policy)).toEqual([
        { effect: "Allow", actions: "s3:GetObject", resources: "arn:aws:s3:::logs/*", conditions: 0 },
      ]);
  });
  it("spells out NotAction and NotResource", () => {
    const r = parsePolicyText(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:GetObject","NotResource":"arn:aws:s3:::a"}]}',
    );
    expect(r.ok && describePolicy(r.policy)[0]).toMatchObject({
      actions: "everything except s3:GetObject",
      resources: "everything except arn:aws:s3:::a",
    });
  });
  it.each([
    ["not json", "{", /not valid JSON/],
    ["wrong version", '{"Version":"2020-01-01","Statement":[]}', /Version/],
    ["bad action", '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}', /service:Action/],
    [
      "both Action and NotAction",
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}]}',
      /exactly one of Action/,
    ],
    [
      "principal in an identity policy",
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}',
      /Principal/,
    ],
  ])("refuses %s", (_, text, message) => {
    const r = parsePolicyText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
  it("refuses policies over IAM's 2,048-character limit", () => {
    const actions = Array.from({ length: 200 }, (_, i) => `s3:Action${i}`);
    const r = parsePolicyText(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] }));
    expect(r.ok).toBe(false);
  });
});

describe("managed policy ARNs", () => {
  it("accepts AWS-managed and customer-managed ARNs", () => {
    expect(managedPolicyArnSchema.safeParse("arn:aws:iam::aws:policy/ReadOnlyAccess").success).toBe(true);
    expect(managedPolicyArnSchema.safeParse("arn:aws:iam::111111111111:policy/team/CiDeploy").success).toBe(true);
    expect(managedPolicyArnSchema.safeParse("arn:aws:s3:::bucket").success).toBe(false);
  });
});
