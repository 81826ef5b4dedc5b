// A real IAM policy evaluator for unit tests (moto stores policies but never evaluates them).
// @cloud-copilot/iam-simulate is AGPL-3.0: it is a devDependency imported only by tests;
// lib/licence-guard.test.ts and eslint.config.mjs keep it out of product code (ADR 014).
//
// Every call is strict: a policy the evaluator finds invalid, or a context key it would
// ignore for the action (so a condition could silently not apply), fails the test instead
// of producing a decision.
import { anonymousPrincipal, runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
/** A policy document, parsed. */
type Policy = { Version: string; Statement: Record<string, unknown>[] };

export type SimRequest = {
  /** An IAM/STS principal ARN, a federated provider ARN, or "anonymous". */
  principal: string;
  action: string;
  resource: string;
  /** The account that owns the resource. */
  resourceAccount: string;
  context?: Record<string, string | string[]>;
  /** Identity policies of the principal (its role's inline and managed policies). */
  identityPolicies?: { name: string; policy: string | Policy }[];
  /** A resource policy, e.g. a role's trust policy. */
  resourcePolicy?: string | Policy;
  /** Context keys the evaluator may drop for this action (no other key may be dropped). */
  allowIgnored?: string[];
};

const asPolicy = (p: string | Policy): Policy => (typeof p === "string" ? (JSON.parse(p) as Policy) : p);

export async function decide(req: SimRequest): Promise<Decision> {
  const anonymous = req.principal === "anonymous";
  const simulation: Simulation = {
    request: {
      principal: anonymous ? anonymousPrincipal : req.principal,
      action: req.action,
      resource: { accountId: req.resourceAccount, resource: req.resource },
      contextVariables: req.context ?? {},
    },
    identityPolicies: (req.identityPolicies ?? []).map((p) => ({ name: p.name, policy: asPolicy(p.policy) })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(req.resourcePolicy ? { resourcePolicy: asPolicy(req.resourcePolicy) } : {}),
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === "error") throw new Error(`the simulator refused the request: ${JSON.stringify(result.errors)}`);
  const ignored =
    result.resultType === "single" ? result.result.ignoredContextKeys : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
  const unexpected = [...new Set(ignored ?? [])].filter((k) => !(req.allowIgnored ?? []).includes(k));
  if (unexpected.length > 0) throw new Error(`the simulator ignored context keys for ${req.action}: ${unexpected.join(", ")}`);
  return result.overallResult;
}

/** An identity policy that allows what the tests call, so only the deny can refuse it. */
export const ALLOW_TEST_CALLS: Policy = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "ec2:DescribeInstances", "sts:AssumeRole", "iam:ListRoles"], Resource: "*" }],
};

/** Context of a call made with a role session, as AWS fills it in. */
export function sessionContext(s: { sourceIdentity?: string; issuedAt: Date; userid?: string }): Record<string, string> {
  return {
    "aws:TokenIssueTime": s.issuedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    ...(s.sourceIdentity ? { "aws:SourceIdentity": s.sourceIdentity } : {}),
    ...(s.userid ? { "aws:userid": s.userid } : {}),
  };
}
