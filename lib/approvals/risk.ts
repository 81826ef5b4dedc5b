import "server-only";
import { assessRisk, type RiskOutcome, type RiskSubject } from "@/lib/approvals/risk-sources";
import { withAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db, type Prisma } from "@/lib/db";
import { riskAnalyseJob } from "@/lib/jobs/definitions/risk-analyse";
import { enqueue } from "@/lib/jobs/enqueue";
import { logger } from "@/lib/logger";

// The policy analysis of a request (SPEC capability 9): computed when the request is made
// (lib/approvals/external.ts, requests.ts) and stored with it (access_requests.risk,
// risk_level). When AWS could not be read in time the request keeps what was found, which
// is at least high, and a job reads again until it can.

export type { RiskOutcome, RiskSubject };

/** For a request being created: read quickly, never block the person for long. */
export function assessNewRequest(subject: RiskSubject): Promise<RiskOutcome> {
  return assessRisk(subject, { patient: false });
}

/** Stored form of an outcome, for the request row. */
export const riskColumns = (outcome: RiskOutcome) => ({ risk: outcome.risk as Prisma.InputJsonValue, riskLevel: outcome.risk.level });

/** Queues a re-analysis; a queue that cannot be reached leaves the request as it is (high or worse). */
export async function queueReanalysis(requestId: string): Promise<void> {
  try {
    await enqueue(riskAnalyseJob, { requestId }, { singletonKey: requestId });
  } catch (error) {
    logger().error({ err: error, requestId }, "could not queue the risk re-analysis; the request keeps its partial analysis");
  }
}

const subjectSelect = {
  id: true,
  kind: true,
  status: true,
  riskLevel: true,
  managedPolicyArns: true,
  inlinePolicy: true,
  account: { select: { accountId: true, inventoryRoleArn: true } },
  awsRole: { select: { roleArn: true, account: { select: { accountId: true, inventoryRoleArn: true } } } },
} satisfies Prisma.AccessRequestSelect;

/**
 * Reads the request's policies again and stores the new analysis (the job). Only pending
 * requests: a decided one keeps the analysis it was decided on. Returns whether AWS should
 * be asked again later.
 */
export async function reanalyseRequest(caller: Caller, requestId: string): Promise<{ retry: boolean }> {
  await requirePermission(caller, "requests.analyse");
  const request = await db().accessRequest.findUnique({ where: { id: requestId }, select: subjectSelect });
  if (!request || request.status !== "PENDING") return { retry: false };
  const subject: RiskSubject | null =
    request.kind === "ROLE_ACCESS" && request.awsRole
      ? { kind: "ROLE_ACCESS", account: request.awsRole.account, roleArn: request.awsRole.roleArn }
      : request.kind === "EXTERNAL_ACCESS" && request.account
        ? {
            kind: "EXTERNAL_ACCESS",
            account: request.account,
            managedPolicyArns: request.managedPolicyArns,
            inlinePolicy: request.inlinePolicy,
          }
        : null;
  if (!subject) return { retry: false };
  const outcome = await assessRisk(subject, { patient: true });
  const stored = await withAudit(caller, "request.analyse", { type: "access_request", id: requestId }, async (tx) => {
    const updated = await tx.accessRequest.updateMany({ where: { id: requestId, status: "PENDING" }, data: riskColumns(outcome) });
    return {
      value: updated.count > 0,
      // A request decided or withdrawn meanwhile keeps its assessment: nothing to record.
      unchanged: updated.count === 0,
      details: {
        from: request.riskLevel,
        to: outcome.risk.level,
        unreadable: outcome.risk.sources.filter((s) => !s.analysed).map((s) => s.source),
      },
    };
  });
  return { retry: stored && outcome.retry };
}
