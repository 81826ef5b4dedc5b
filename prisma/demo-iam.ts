// The sandbox's IAM users and their long-lived keys (SPEC "Local sandbox"): what a real
// company's inventory looks like, ages spread around the policy's thresholds. Shared by
// the moto seed (scripts/sandbox/seed-aws.ts) and the tests that check a sync finds them.
import { createHash } from "node:crypto";

export type DemoKey = {
  ageDays: number;
  /** Days since last use; null = never used. */
  usedDaysAgo: number | null;
  service?: string;
  region?: string;
  inactive?: boolean;
};
export type DemoIamUser = { accountId: string; userName: string; owner?: string; team?: string; kind?: "human"; keys: DemoKey[] };

const SANDBOX = "111111111111";
const PRODUCTION = "222222222222";
const u = (accountId: string, userName: string, owner: string | undefined, team: string | undefined, ...keys: DemoKey[]): DemoIamUser => ({
  accountId,
  userName,
  owner,
  team,
  keys,
});
const k = (ageDays: number, usedDaysAgo: number | null, service = "s3", extra: Partial<DemoKey> = {}): DemoKey => ({
  ageDays,
  usedDaysAgo,
  service,
  region: "eu-west-1",
  ...extra,
});

export const DEMO_IAM_USERS: DemoIamUser[] = [
  u(SANDBOX, "ci-github-actions", "alice@example.com", "platform", k(3, 0, "ecr")),
  u(SANDBOX, "terraform-sandbox", "alice@example.com", "platform", k(82, 1, "iam")),
  // Alice's own keys (kind=human): "ready to retire" once she gets credentials through Keyless for the sandbox.
  { ...u(SANDBOX, "alice-local-experiments", "alice@example.com", "platform", k(124, 40, "s3"), k(12, 2, "s3")), kind: "human" },
  u(SANDBOX, "load-test-runner", "bob@example.com", "performance", k(45, null)),
  u(SANDBOX, "jupyter-notebooks", "carol@example.com", "data", k(400, 3, "athena")),
  u(SANDBOX, "ml-training-export", "carol@example.com", "data", k(77, 5, "sagemaker")),
  u(SANDBOX, "hackathon-2024", undefined, undefined, k(410, 300, "dynamodb")),
  u(SANDBOX, "sentry-sourcemaps", "dave@example.com", "web", k(15, 1, "s3")),
  u(SANDBOX, "localstack-bridge", "bob@example.com", "performance", k(5, null)),
  u(SANDBOX, "old-jenkins", undefined, "platform", k(720, 500, "ec2", { inactive: true })),
  u(SANDBOX, "qa-fixtures-loader", "erin@example.com", "qa", k(88, 10, "s3"), k(30, 2, "s3")),
  u(SANDBOX, "docs-preview-upload", "dave@example.com", "web", k(119, 1, "cloudfront")),
  u(SANDBOX, "chaos-monkey", "frank@example.com", "sre", k(201, 60, "ec2", { inactive: true })),
  u(SANDBOX, "snowflake-sandbox-loader", "carol@example.com", "data", k(60, 1, "s3")),
  u(SANDBOX, "mona-demo-bot", "mona@example.com", "eng-management", k(2, 0, "sts")),
  u(SANDBOX, "vpn-cert-renewer", "frank@example.com", "sre", k(96, 95, "acm")),
  u(PRODUCTION, "datadog-integration", "frank@example.com", "sre", k(401, 0, "cloudwatch")),
  u(PRODUCTION, "sumologic-collector", "frank@example.com", "sre", k(123, 0, "s3")),
  u(PRODUCTION, "gitlab-deploy", "alice@example.com", "platform", k(79, 0, "ecs"), k(9, null)),
  u(PRODUCTION, "circleci-release", "mona@example.com", "eng-management", k(131, 2, "s3")),
  u(PRODUCTION, "travis-legacy-deploy", undefined, undefined, k(1100, 800, "elasticbeanstalk")),
  u(PRODUCTION, "backup-s3-sync", "grace@example.com", "infra", k(85, 0, "s3")),
  u(PRODUCTION, "cloudflare-logpush", "dave@example.com", "web", k(33, 0, "s3")),
  u(PRODUCTION, "payments-reconciler", "heidi@example.com", "payments", k(402, 1, "kms"), k(8, null, "kms", { inactive: true })),
  u(PRODUCTION, "legacy-etl", undefined, "data", k(390, 150, "redshift")),
  u(PRODUCTION, "fluentd-shipper", "grace@example.com", "infra", k(76, 0, "logs")),
  u(PRODUCTION, "partner-sftp-bridge", "ivan@example.com", "partnerships", k(140, 0, "transfer")),
  u(PRODUCTION, "looker-export", "carol@example.com", "data", k(6, null)),
  u(PRODUCTION, "mobile-build-signing", "judy@example.com", "mobile", k(118, 20, "s3")),
  u(PRODUCTION, "status-page-updater", "mona@example.com", "eng-management", k(95, 94, "route53")),
  u(PRODUCTION, "email-bounce-processor", "heidi@example.com", "payments", k(21, 0, "ses")),
  u(PRODUCTION, "splunk-forwarder", undefined, "security", k(365, 1, "cloudtrail"), k(100, null, "cloudtrail", { inactive: true })),
];

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** A stable AWS-shaped key id per user and key, so the demo's keys survive a moto restart. */
export function demoKeyId(user: DemoIamUser, index: number): string {
  const digest = createHash("sha256").update(`${user.accountId}/${user.userName}/${index}`).digest();
  return `AKIA${Array.from(digest.subarray(0, 16), (b) => BASE32[b % 32]).join("")}`;
}
