import { describe, expect, it } from "vitest";
import { actionMatcher, arnParts, covers, globMatch, isWideFor, overlaps } from "@/lib/approvals/analysis/patterns";

const USER = "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}";
const BUCKET = "arn:${Partition}:s3:::${BucketName}";
const OBJECT = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
const TABLE = "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}";

describe("IAM resource patterns", () => {
  it("match like IAM: * any run, ? one character, case-sensitive", () => {
    expect(globMatch("arn:aws:s3:::docs/*", "arn:aws:s3:::docs/a/b.txt")).toBe(true);
    expect(globMatch("arn:aws:s3:::docs/?", "arn:aws:s3:::docs/ab")).toBe(false);
    expect(globMatch("arn:aws:s3:::Docs/*", "arn:aws:s3:::docs/a")).toBe(false);
    expect(globMatch("arn:*", "*")).toBe(false);
    expect(globMatch("*", "*")).toBe(true);
    // A policy variable could be any name.
    expect(globMatch("arn:aws:iam::1:user/${aws:username}", "arn:aws:iam::1:user/bob")).toBe(true);
    expect(globMatch("arn:aws:s3:::a${*}b", "arn:aws:s3:::a*b")).toBe(true);
    expect(globMatch("arn:aws:s3:::a${*}b", "arn:aws:s3:::axb")).toBe(false);
  });

  it("apply to an action when they can name a resource of its type", () => {
    expect(overlaps("arn:*", USER)).toBe(true);
    expect(overlaps("arn:aws:iam::222222222222:user/keyless/*", USER)).toBe(true);
    expect(overlaps("arn:aws:s3:::docs/*", USER)).toBe(false);
    expect(overlaps("arn:aws:s3:::docs/*", OBJECT)).toBe(true);
    expect(overlaps("arn:aws:dynamodb:us-east-1:1:table/x", BUCKET)).toBe(false);
    // Region and account never contain ":", so a table ARN in the bucket position does not fit.
    expect(overlaps("arn:aws:dynamodb:us:east:1:table/x", TABLE)).toBe(false);
  });

  it("are wide when they name every resource of the type in the account", () => {
    for (const p of ["*", "arn:*", "arn:aws:s3:::*", "arn:aws:s3:::*/*"]) expect(isWideFor(p, OBJECT, "1"), p).toBe(true);
    expect(isWideFor("arn:aws:s3:::docs/*", OBJECT, "1")).toBe(false);
    expect(isWideFor("arn:aws:s3:::d*", BUCKET, "1")).toBe(false);
    expect(isWideFor("arn:aws:dynamodb:*:*:table/*", TABLE, "1")).toBe(true);
    // Every table of one region in the account is still every table the principal can reach there.
    expect(isWideFor("arn:aws:dynamodb:eu-west-1:222222222222:table/*", TABLE, "222222222222")).toBe(true);
    expect(isWideFor("arn:aws:dynamodb:*:*:table/orders", TABLE, "1")).toBe(false);
    expect(isWideFor("arn:aws:iam::1:user/*", USER, "1")).toBe(true);
    expect(isWideFor("arn:aws:iam::1:user/keyless/*", USER, "1")).toBe(false);
  });

  it("cover another pattern only when sure (Deny subtraction)", () => {
    expect(covers("*", "arn:aws:s3:::x")).toBe(true);
    expect(covers("arn:aws:s3:::x/*", "arn:aws:s3:::x/y/*")).toBe(true);
    expect(covers("arn:aws:s3:::x/*", "arn:aws:s3:::*")).toBe(false);
    expect(covers("arn:*", "*")).toBe(false);
    expect(covers("arn:aws:s3:::x*y", "arn:aws:s3:::xzy")).toBe(false);
    expect(covers("arn:aws:iam::1:user/${aws:username}", "arn:aws:iam::1:user/bob")).toBe(false);
  });

  it("read ARN fields", () => {
    expect(arnParts("arn:aws:dynamodb:us-east-1:999999999999:table/x")).toMatchObject({ service: "dynamodb", account: "999999999999" });
    expect(arnParts("arn:*")).toMatchObject({ partition: "*", account: "" });
    expect(arnParts("*")).toBeNull();
  });
});

describe("action patterns", () => {
  it("are case-insensitive globs", () => {
    expect(actionMatcher("iam:*Policy*").test("iam:PutRolePolicy")).toBe(true);
    expect(actionMatcher("s3:get*").test("s3:GetObject")).toBe(true);
    expect(actionMatcher("s3:Get?bject").test("s3:GetObject")).toBe(true);
    expect(actionMatcher("s3:Get*").test("s3:PutObject")).toBe(false);
    expect(actionMatcher("s3:Get.Object").test("s3:GetXObject")).toBe(false);
  });
});
