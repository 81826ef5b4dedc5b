import { count, fromSources, list, type Facts, type Reason } from "@/lib/approvals/analysis/facts";
import type { Grant } from "@/lib/approvals/analysis/grants";

// Wildcard resources on the services that hold the company's data. Changing or deleting
// every bucket, table or secret in the account (Write or Permissions management on all of
// them), or reading every secret value, is high. Reading every bucket or table is shown
// (low): it is what AWS's ReadOnlyAccess does, which the approvers know and accept.

// `secrets`: the actions that reveal secret values. For those services, other reads only see
// metadata (a secret's name, a key's policy) and are not reported as reading data.
type DataService = { service: string; what: string; only?: (template: string) => boolean; secrets?: string[] };

const DATA_SERVICES: DataService[] = [
  { service: "s3", what: "S3 bucket" },
  { service: "dynamodb", what: "DynamoDB table" },
  { service: "rds", what: "RDS database" },
  { service: "rds-data", what: "RDS database" },
  { service: "secretsmanager", what: "secret", secrets: ["secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue"] },
  { service: "ssm", what: "SSM parameter", only: (t) => t.includes(":parameter/") },
  { service: "kms", what: "KMS key", secrets: ["kms:Decrypt", "kms:ReEncryptFrom"] },
  { service: "sqs", what: "SQS queue" },
  { service: "kinesis", what: "Kinesis stream" },
  { service: "es", what: "OpenSearch domain" },
  { service: "redshift", what: "Redshift cluster" },
  { service: "elasticfilesystem", what: "EFS file system" },
  { service: "glacier", what: "Glacier vault" },
  { service: "backup", what: "backup vault" },
  { service: "ebs", what: "EBS snapshot" },
];

// Examples a reader recognises, first when present.
const FAMILIAR = [
  "s3:DeleteObject",
  "s3:PutObject",
  "s3:GetObject",
  "dynamodb:DeleteTable",
  "dynamodb:PutItem",
  "dynamodb:Scan",
  "rds:DeleteDBInstance",
  "secretsmanager:PutSecretValue",
  "ssm:PutParameter",
  "ssm:GetParameter",
  "kms:ScheduleKeyDeletion",
];
const rank = (g: Grant) => {
  const i = FAMILIAR.indexOf(g.action.key);
  return i < 0 ? FAMILIAR.length : i;
};
const examples = (grants: Grant[]) =>
  list(
    [...grants].sort((a, b) => rank(a) - rank(b)).map((g) => g.action.key),
    3,
  );

export function dataFindings(facts: Facts): Reason[] {
  const writes: { what: string; grants: Grant[] }[] = [];
  const reads: { what: string; grants: Grant[] }[] = [];
  const secrets: Grant[] = [];
  for (const d of DATA_SERVICES) {
    const wide = [...facts.grants.values()].filter(
      (g) => g.action.service === d.service && g.action.resourceArns.some(d.only ?? (() => true)) && facts.isWide(g, d.only),
    );
    const changing = wide.filter(
      (g) => (g.level === "Write" || g.level === "Permissions management") && !d.secrets?.includes(g.action.key),
    );
    const reading = d.secrets ? [] : wide.filter((g) => g.level === "Read");
    const add = (into: typeof writes, grants: Grant[]) => {
      const same = into.find((e) => e.what === d.what);
      if (same) same.grants.push(...grants);
      else if (grants.length) into.push({ what: d.what, grants });
    };
    add(writes, changing);
    add(reads, reading);
    for (const key of d.secrets ?? []) {
      const g = facts.granted(key);
      if (g && facts.isWide(g)) secrets.push(g);
    }
  }
  const out: Reason[] = [];
  if (secrets.length) {
    out.push({
      code: "secrets-wide-read",
      level: "high",
      detail: `Can read every secret value and decrypt with every key in the account (${list(secrets.map((g) => g.action.key))})${fromSources(secrets)}.`,
    });
  }
  if (writes.length) {
    const all = writes.flatMap((w) => w.grants);
    out.push({
      code: "data-wide-write",
      level: "high",
      detail: `Can change or delete every ${list(
        writes.map((w) => w.what),
        4,
      )} in the account: ${count(all.length)} write action${all.length === 1 ? "" : "s"} on all of them, such as ${examples(all)}${fromSources(all)}.`,
    });
  }
  if (reads.length) {
    const all = reads.flatMap((r) => r.grants);
    out.push({
      code: "data-wide-read",
      level: "low",
      detail: `Can read the data in every ${list(
        reads.map((r) => r.what),
        4,
      )} in the account (${examples(all)})${fromSources(all)}.`,
    });
  }
  return out;
}
