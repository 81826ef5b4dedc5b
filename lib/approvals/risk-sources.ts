import "server-only";
import { analysePermissions, type SourceInput } from "@/lib/approvals/analysis/analyse";
import type { Risk } from "@/lib/approvals/risk-types";
import type { AwsCredentials } from "@/lib/aws/config";
import { AwsCallError } from "@/lib/aws/errors";
import { IamPolicyReader } from "@/lib/aws/iam-policies";
import { roleRefOf } from "@/lib/aws/role-policies";
import { isTransient } from "@/lib/aws/throttle";
import { inventoryCredentials, type InventoryAccount } from "@/lib/inventory/inventory-credentials";

// What a request would grant, read from IAM in the request's account through the
// account's inventory role, and analysed. A request page waits a few seconds at most: what
// cannot be read by then is a source error (the request is then at least high) and
// `retry` says a job should try again (lib/jobs/definitions/risk-analyse.ts).

export type RiskSubject =
  | { kind: "EXTERNAL_ACCESS"; account: InventoryAccount; managedPolicyArns: string[]; inlinePolicy: unknown }
  | { kind: "ROLE_ACCESS"; account: InventoryAccount; roleArn: string };
export type RiskOutcome = { risk: Risk; retry: boolean };

const INTERACTIVE_MS = 8_000;
const PATIENT_MS = 60_000;
const POLICY_TTL_MS = 10 * 60_000;
const MAX_CACHED = 500;

// Managed policies change rarely (AWS's own a few times a year): documents are kept briefly.
const policies = new Map<string, { at: number; document: string }>();
const credentials = new Map<string, { expires: number; value: Promise<AwsCredentials> }>();

class Timeout extends AwsCallError {
  constructor(what: string) {
    super("IAM", what, "Timeout", `AWS did not answer in time (${what})`, undefined, true);
  }
}

function before<T>(deadline: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Timeout(what)), Math.max(0, deadline - Date.now()))));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function credentialsFor(account: InventoryAccount, patient: boolean): Promise<AwsCredentials> {
  const key = `${account.accountId}|${account.inventoryRoleArn ?? ""}`;
  const cached = credentials.get(key);
  if (cached && cached.expires - Date.now() > 5 * 60_000) return cached.value;
  const value = inventoryCredentials(account, { patient, sessionName: "keyless-risk-analysis" }).then((c) => {
    credentials.set(key, { expires: c.expiration.getTime(), value: Promise.resolve(c) });
    return c;
  });
  credentials.set(key, { expires: Date.now() + 10 * 60_000, value });
  value.catch(() => credentials.delete(key));
  return value;
}

async function managedDocument(reader: IamPolicyReader, accountId: string, arn: string): Promise<string> {
  // AWS managed policies are the same in every account.
  const key = arn.includes(":iam::aws:policy/") ? arn : `${accountId}|${arn}`;
  const hit = policies.get(key);
  if (hit && Date.now() - hit.at < POLICY_TTL_MS) return hit.document;
  const { document } = await reader.managedPolicy(arn);
  if (policies.size >= MAX_CACHED) policies.delete(policies.keys().next().value!);
  policies.set(key, { at: Date.now(), document });
  return document;
}

const describeError = (error: unknown) =>
  (error instanceof AwsCallError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error)).slice(
    0,
    300,
  );

export async function assessRisk(subject: RiskSubject, options: { patient: boolean }): Promise<RiskOutcome> {
  const deadline = Date.now() + (options.patient ? PATIENT_MS : INTERACTIVE_MS);
  const sources: SourceInput[] = [];
  let retry = false;
  const failed = (source: string, error: unknown) => {
    sources.push({ source, error: describeError(error) });
    // Not found or access denied will not change by waiting; throttling or silence may.
    if (!(error instanceof AwsCallError) || isTransient(error)) retry = true;
  };
  const managedArns = subject.kind === "EXTERNAL_ACCESS" ? [...subject.managedPolicyArns] : [];
  let reader: IamPolicyReader | null = null;
  try {
    const needsAws = subject.kind === "ROLE_ACCESS" || managedArns.length > 0;
    if (needsAws)
      reader = new IamPolicyReader(await before(deadline, "AssumeRole", credentialsFor(subject.account, options.patient)), 5_000);
    if (subject.kind === "ROLE_ACCESS") {
      const role = await before(deadline, "ListRolePolicies", reader!.rolePolicies(roleRefOf(subject.roleArn).roleName)).catch(
        (e: unknown) => {
          failed(`policies of ${subject.roleArn}`, e);
          return null;
        },
      );
      for (const p of role?.inline ?? []) sources.push({ source: `inline policy ${p.name}`, document: p.document });
      managedArns.push(...(role?.attached ?? []));
    }
  } catch (error) {
    // No credentials: nothing could be read from IAM.
    for (const arn of managedArns) failed(arn, error);
    if (subject.kind === "ROLE_ACCESS") failed(`policies of ${subject.roleArn}`, error);
  }
  if (reader) {
    const documents = await Promise.allSettled(
      managedArns.map((arn) => before(deadline, "GetPolicyVersion", managedDocument(reader, subject.account.accountId, arn))),
    );
    documents.forEach((d, i) =>
      d.status === "fulfilled" ? sources.push({ source: managedArns[i]!, document: d.value }) : failed(managedArns[i]!, d.reason),
    );
    reader.close();
  }
  if (subject.kind === "EXTERNAL_ACCESS" && subject.inlinePolicy) sources.push({ source: "inline policy", document: subject.inlinePolicy });
  const risk = await analysePermissions({
    accountId: subject.account.accountId,
    principal: subject.kind === "EXTERNAL_ACCESS" ? "user" : "role",
    sources,
  });
  return { risk, retry };
}
