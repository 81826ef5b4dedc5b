import { readFileSync } from "node:fs";
import path from "node:path";
import type { SourceInput } from "@/lib/approvals/analysis/analyse";
import type { RiskLevel } from "@/lib/approvals/risk-types";

// The policy table the risk analysis is held to (lib/approvals/analysis/analyse.test.ts)
// and that the IAM simulator cross-checks (simulator-proof.test.ts). Each case: the
// policies a request would carry, the level an approver must see, the reasons that must be
// given (by code) and reasons that must not.

export const ACCOUNT = "222222222222";
export const OTHER_ACCOUNT = "999999999999";

type Doc = { Version: string; Statement: Record<string, unknown>[] };
export type PolicyCase = {
  name: string;
  sources: SourceInput[];
  principal?: "user" | "role";
  level: RiskLevel;
  codes: string[];
  not?: string[];
};

const FIXTURES = path.resolve(import.meta.dirname, "../../lib/approvals/analysis/fixtures");
export function awsManaged(name: "AdministratorAccess" | "ReadOnlyAccess" | "PowerUserAccess" | "IAMFullAccess") {
  const fixture = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")) as { PolicyArn: string; Document: Doc };
  return { source: fixture.PolicyArn, document: fixture.Document };
}

export const inline = (...Statement: Record<string, unknown>[]) => ({
  source: "inline policy",
  document: { Version: "2012-10-17", Statement },
});
const allow = (Action: string | string[], Resource: string | string[] = "*", extra: Record<string, unknown> = {}) => ({
  Effect: "Allow",
  Action,
  Resource,
  ...extra,
});

export const CASES: PolicyCase[] = [
  {
    name: "the disguised request: AdministratorAccess plus Allow NotAction s3:GetObject on arn:*",
    sources: [awsManaged("AdministratorAccess"), inline({ Effect: "Allow", NotAction: "s3:GetObject", Resource: "arn:*" })],
    level: "critical",
    codes: ["admin-equivalent", "privilege-escalation:iam:CreateAccessKey", "privilege-escalation:iam:PassRole+ec2:RunInstances"],
  },
  {
    name: "NotAction s3:GetObject on arn:* alone is administrator access in disguise",
    sources: [inline({ Effect: "Allow", NotAction: "s3:GetObject", Resource: "arn:*" })],
    level: "critical",
    codes: ["admin-equivalent", "privilege-escalation:iam:AttachUserPolicy", "secrets-wide-read"],
  },
  { name: "Action * on Resource *", sources: [inline(allow("*"))], level: "critical", codes: ["admin-equivalent", "data-wide-write"] },
  {
    name: "AWS AdministratorAccess, by content",
    sources: [awsManaged("AdministratorAccess")],
    level: "critical",
    codes: ["admin-equivalent"],
  },
  {
    name: "AWS IAMFullAccess, by content: all of IAM is admin",
    sources: [awsManaged("IAMFullAccess")],
    level: "critical",
    codes: ["admin-equivalent", "privilege-escalation:iam:CreateLoginProfile"],
  },
  {
    name: "AWS PowerUserAccess, by content: nearly everything, not IAM",
    sources: [awsManaged("PowerUserAccess")],
    level: "critical",
    codes: ["near-admin", "privilege-escalation:sts:AssumeRole", "privilege-escalation:lambda:UpdateFunctionCode", "secrets-wide-read"],
    not: ["admin-equivalent", "privilege-escalation:iam:CreateAccessKey"],
  },
  {
    name: "AWS ReadOnlyAccess, by content: read-only, low",
    sources: [awsManaged("ReadOnlyAccess")],
    principal: "role",
    level: "low",
    codes: ["read-only", "data-wide-read"],
    not: ["secrets-wide-read", "write-access", "permissions-management"],
  },
  {
    name: "NotAction iam:*, organizations:*, account:* on * (PowerUser written by hand)",
    sources: [inline({ Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" })],
    level: "critical",
    codes: ["near-admin"],
    not: ["admin-equivalent"],
  },
  {
    name: "iam:*Policy* on *: policy-writing escalation without being all of IAM",
    sources: [inline(allow("iam:*Policy*"))],
    level: "critical",
    codes: [
      "privilege-escalation:iam:AttachUserPolicy",
      "privilege-escalation:iam:PutRolePolicy",
      "privilege-escalation:iam:CreatePolicyVersion",
    ],
    not: ["admin-equivalent", "privilege-escalation:iam:CreateAccessKey"],
  },
  {
    name: "iam:Attach* on *",
    sources: [inline(allow("iam:Attach*"))],
    level: "critical",
    codes: ["privilege-escalation:iam:AttachRolePolicy", "privilege-escalation:iam:AttachGroupPolicy"],
  },
  {
    name: "iam:Put*Policy scoped to some roles is still high",
    sources: [inline(allow("iam:Put*Policy", `arn:aws:iam::${ACCOUNT}:role/app-*`))],
    level: "high",
    codes: ["privilege-escalation:iam:PutRolePolicy"],
    not: ["privilege-escalation:iam:PutUserPolicy"],
  },
  {
    name: "iam:CreateAccessKey for the Keyless users' path",
    sources: [inline(allow("iam:CreateAccessKey", `arn:aws:iam::${ACCOUNT}:user/keyless/*`))],
    level: "high",
    codes: ["privilege-escalation:iam:CreateAccessKey"],
  },
  {
    name: "iam:AddUserToGroup on *",
    sources: [inline(allow("iam:AddUserToGroup"))],
    level: "critical",
    codes: ["privilege-escalation:iam:AddUserToGroup"],
  },
  {
    name: "iam:UpdateAssumeRolePolicy with sts:AssumeRole on one role",
    sources: [inline(allow("iam:UpdateAssumeRolePolicy"), allow("sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/deploy`))],
    level: "critical",
    codes: ["privilege-escalation:iam:UpdateAssumeRolePolicy"],
    not: ["privilege-escalation:sts:AssumeRole"],
  },
  {
    name: "PassRole on * with ec2:RunInstances",
    sources: [inline(allow(["iam:PassRole", "ec2:RunInstances"]))],
    level: "critical",
    codes: ["privilege-escalation:iam:PassRole+ec2:RunInstances"],
  },
  {
    name: "PassRole of one role with lambda:CreateFunction and InvokeFunction",
    sources: [
      inline(
        allow("iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/lambda-exec`),
        allow(["lambda:CreateFunction", "lambda:InvokeFunction"], `arn:aws:lambda:us-east-1:${ACCOUNT}:function:*`),
      ),
    ],
    level: "high",
    codes: ["privilege-escalation:iam:PassRole+lambda:CreateFunction"],
  },
  {
    name: "PassRole on * with lambda:CreateFunction but no way to run it",
    sources: [inline(allow(["iam:PassRole", "lambda:CreateFunction"]))],
    level: "medium",
    codes: ["privilege-escalation:iam:PassRole"],
    not: ["privilege-escalation:iam:PassRole+lambda:CreateFunction"],
  },
  {
    name: "PassRole with glue:CreateDevEndpoint",
    sources: [inline(allow(["iam:PassRole", "glue:CreateDevEndpoint"]))],
    level: "critical",
    codes: ["privilege-escalation:iam:PassRole+glue:CreateDevEndpoint"],
  },
  {
    name: "PassRole with cloudformation:CreateStack",
    sources: [inline(allow(["iam:PassRole", "cloudformation:CreateStack"]))],
    level: "critical",
    codes: ["privilege-escalation:iam:PassRole+cloudformation:CreateStack"],
  },
  {
    name: "PassRole with ECS RegisterTaskDefinition and RunTask (wildcards: ecs:R*)",
    sources: [inline(allow(["iam:PassRole", "ecs:R*"]))],
    level: "critical",
    codes: ["privilege-escalation:iam:PassRole+ecs:RegisterTaskDefinition"],
  },
  {
    name: "PassRole with SageMaker notebooks",
    sources: [inline(allow(["iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"]))],
    level: "critical",
    codes: ["privilege-escalation:iam:PassRole+sagemaker:CreateNotebookInstance+sagemaker:CreatePresignedNotebookInstanceUrl"],
  },
  {
    name: "lambda:UpdateFunctionCode on every function",
    sources: [inline(allow("lambda:UpdateFunctionCode"))],
    level: "high",
    codes: ["privilege-escalation:lambda:UpdateFunctionCode"],
  },
  {
    name: "lambda:UpdateFunctionCode on the deploy functions is a scoped deploy (medium)",
    sources: [inline(allow("lambda:UpdateFunctionCode", `arn:aws:lambda:us-east-1:${ACCOUNT}:function:deploy-*`))],
    level: "medium",
    codes: ["privilege-escalation:lambda:UpdateFunctionCode"],
  },
  {
    name: "sts:AssumeRole on *",
    sources: [inline(allow("sts:AssumeRole"))],
    level: "high",
    codes: ["privilege-escalation:sts:AssumeRole"],
  },
  {
    name: "ssm:SendCommand on every instance",
    sources: [inline(allow(["ssm:SendCommand", "ssm:StartSession"]))],
    level: "high",
    codes: ["privilege-escalation:ssm:SendCommand", "privilege-escalation:ssm:StartSession"],
  },
  {
    name: "sts:AssumeRole into another account",
    sources: [inline(allow("sts:AssumeRole", `arn:aws:iam::${OTHER_ACCOUNT}:role/vendor-access`))],
    level: "high",
    codes: ["cross-account"],
  },
  {
    name: "reading a table in another account",
    sources: [inline(allow(["dynamodb:GetItem", "dynamodb:Query"], `arn:aws:dynamodb:us-east-1:${OTHER_ACCOUNT}:table/orders`))],
    level: "medium",
    codes: ["cross-account"],
  },
  {
    name: "harmless: read one bucket's docs",
    sources: [inline(allow(["s3:GetObject", "s3:ListBucket"], ["arn:aws:s3:::acme-docs", "arn:aws:s3:::acme-docs/*"]))],
    level: "low",
    codes: ["read-only"],
  },
  { name: "harmless: describe EC2", sources: [inline(allow("ec2:Describe*"))], level: "low", codes: ["read-only"] },
  {
    name: "s3:GetObject on * reads every bucket (shown, low)",
    sources: [inline(allow("s3:GetObject"))],
    level: "low",
    codes: ["data-wide-read", "read-only"],
  },
  {
    name: "s3:* on arn:aws:s3:::*",
    sources: [inline(allow("s3:*", "arn:aws:s3:::*"))],
    level: "high",
    codes: ["data-wide-write"],
  },
  {
    name: "dynamodb:* on every table",
    sources: [inline(allow("dynamodb:*", "arn:aws:dynamodb:*:*:table/*"))],
    level: "high",
    codes: ["data-wide-write"],
  },
  {
    name: "ssm:PutParameter on every parameter",
    sources: [inline(allow("ssm:PutParameter", `arn:aws:ssm:*:${ACCOUNT}:parameter/*`))],
    level: "high",
    codes: ["data-wide-write"],
  },
  {
    name: "every secret value",
    sources: [inline(allow("secretsmanager:GetSecretValue"))],
    level: "high",
    codes: ["secrets-wide-read"],
  },
  {
    name: "one application's secrets",
    sources: [inline(allow("secretsmanager:GetSecretValue", `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:app/db-*`))],
    level: "low",
    codes: ["read-only"],
    not: ["secrets-wide-read"],
  },
  { name: "kms:Decrypt on every key", sources: [inline(allow("kms:Decrypt"))], level: "high", codes: ["secrets-wide-read"] },
  {
    name: "plain scoped write",
    sources: [inline(allow("s3:PutObject", "arn:aws:s3:::acme-artifacts/*"))],
    level: "medium",
    codes: ["write-access"],
  },
  {
    name: "tagging only",
    sources: [inline(allow("ec2:CreateTags", `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`))],
    level: "medium",
    codes: ["write-access"],
  },
  {
    name: "Action * with a condition that matches everyone is still admin",
    sources: [inline(allow("*", "*", { Condition: { StringLike: { "aws:PrincipalArn": "*" } } }))],
    level: "critical",
    codes: ["admin-equivalent", "condition-ineffective"],
  },
  {
    name: "IfExists on a key S3 never carries restricts nothing",
    sources: [
      inline(allow("s3:GetObject", "arn:aws:s3:::acme-docs/*", { Condition: { StringEqualsIfExists: { "ec2:ResourceTag/env": "dev" } } })),
    ],
    level: "medium",
    codes: ["condition-ineffective"],
  },
  {
    name: "MFA IfExists is absent for an access key",
    sources: [
      inline(allow("s3:GetObject", "arn:aws:s3:::acme-docs/*", { Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } } })),
    ],
    level: "medium",
    codes: ["condition-ineffective"],
  },
  {
    name: "0.0.0.0/0 is every address",
    sources: [inline(allow("s3:GetObject", "arn:aws:s3:::acme-docs/*", { Condition: { IpAddress: { "aws:SourceIp": ["0.0.0.0/0"] } } }))],
    level: "medium",
    codes: ["condition-ineffective"],
  },
  {
    name: "an empty value list",
    sources: [inline(allow("s3:GetObject", "arn:aws:s3:::acme-docs/*", { Condition: { StringEquals: { "aws:SourceVpc": [] } } }))],
    level: "medium",
    codes: ["condition-ineffective"],
  },
  {
    name: "a real condition is not called out",
    sources: [
      inline(allow("s3:GetObject", "arn:aws:s3:::acme-docs/*", { Condition: { IpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } } })),
    ],
    level: "low",
    codes: ["read-only"],
    not: ["condition-ineffective"],
  },
  {
    name: "an unconditional Deny of IAM, Organizations and Account subtracts them from *",
    sources: [inline(allow("*"), { Effect: "Deny", Action: ["iam:*", "organizations:*", "account:*"], Resource: "*" })],
    level: "critical",
    codes: ["near-admin"],
    not: ["admin-equivalent", "privilege-escalation:iam:CreateAccessKey"],
  },
  {
    name: "a conditional Deny subtracts nothing",
    sources: [
      inline(allow("iam:*"), {
        Effect: "Deny",
        Action: "iam:*",
        Resource: "*",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } },
      }),
    ],
    level: "critical",
    codes: ["admin-equivalent"],
  },
  {
    name: "a Deny on one bucket leaves every other bucket writable",
    sources: [inline(allow("s3:*", "arn:aws:s3:::*"), { Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::payroll/*" })],
    level: "high",
    codes: ["data-wide-write"],
  },
  {
    name: "NotResource counts as everything",
    sources: [inline({ Effect: "Allow", Action: "s3:PutObject", NotResource: "arn:aws:s3:::logs/*" })],
    level: "high",
    codes: ["not-resource", "data-wide-write"],
  },
  {
    name: "an action the dataset does not know",
    sources: [inline(allow("s3:GetObjekt", "arn:aws:s3:::acme-docs/*"))],
    level: "medium",
    codes: ["unknown-action"],
  },
  { name: "no policies at all", sources: [], level: "low", codes: ["no-permissions"] },
  {
    name: "a managed policy that could not be read",
    sources: [{ source: `arn:aws:iam::${ACCOUNT}:policy/DocsReader`, error: "AccessDenied" }],
    level: "high",
    codes: ["source-unreadable"],
  },
  {
    name: "a document that is not a policy",
    sources: [{ source: "inline policy", document: { Statement: [{ Effect: "Maybe", Action: "*", Resource: "*" }] } }],
    level: "high",
    codes: ["source-unreadable"],
  },
];
