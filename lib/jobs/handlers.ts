import "server-only";
import type { z } from "zod";
import { expireDue } from "@/lib/approvals/expiry";
import { finishProvisioning, runProvisioning } from "@/lib/approvals/provisioning";
import { reanalyseRequest } from "@/lib/approvals/risk";
import { verifyAndPublish } from "@/lib/audit/head";
import { systemCaller } from "@/lib/auth/caller";
import { pruneCliAuth } from "@/lib/cli-auth/sessions";
import { env } from "@/lib/env";
import { bindLegacyTargetTokens } from "@/lib/targets/legacy-tokens";
import { runAccountSync } from "@/lib/inventory/run-account";
import { lastRunStartedAt, startSync } from "@/lib/inventory/start-sync";
import type { JobDefinition } from "@/lib/jobs/define";
import { approvalsExpireJob } from "@/lib/jobs/definitions/approvals-expire";
import { auditVerifyJob } from "@/lib/jobs/definitions/audit-verify";
import { awsRevocationsApplyJob } from "@/lib/jobs/definitions/aws-revocations-apply";
import { awsRevocationsPersonJob } from "@/lib/jobs/definitions/aws-revocations-person";
import { awsRevocationsPruneJob } from "@/lib/jobs/definitions/aws-revocations-prune";
import { cliAuthCleanupJob } from "@/lib/jobs/definitions/cli-auth-cleanup";
import { identityRefreshJob } from "@/lib/jobs/definitions/identity-refresh";
import { inventorySyncAccountJob } from "@/lib/jobs/definitions/inventory-sync-account";
import { inventorySyncScheduledJob } from "@/lib/jobs/definitions/inventory-sync-scheduled";
import { jobsRecoverJob } from "@/lib/jobs/definitions/jobs-recover";
import { keyRetirementDeleteJob } from "@/lib/jobs/definitions/key-retirement-delete";
import { keysWeeklySummaryJob } from "@/lib/jobs/definitions/keys-weekly-summary";
import { notifyJob } from "@/lib/jobs/definitions/notify";
import { PROVISION_RETRY_LIMIT, provisionAccessJob } from "@/lib/jobs/definitions/provision-access";
import { riskAnalyseJob } from "@/lib/jobs/definitions/risk-analyse";
import { ROTATION_RETRY_LIMIT, rotationRunJob } from "@/lib/jobs/definitions/rotation-run";
import { rotationScheduleJob } from "@/lib/jobs/definitions/rotation-schedule";
import { targetTokensBindJob } from "@/lib/jobs/definitions/target-tokens-bind";
import { enqueue } from "@/lib/jobs/enqueue";
import { recoverAbandonedJobs } from "@/lib/jobs/recover";
import { applyRoleRevocations, rolesNeedingApply } from "@/lib/lifecycle/revocation-apply";
import { refreshDueIdentities } from "@/lib/lifecycle/identity-refresh";
import { completePersonRevocation } from "@/lib/lifecycle/revocation-schedule";
import { logger } from "@/lib/logger";
import { deliver } from "@/lib/notify/deliver";
import { pruneRateLimitCounters } from "@/lib/rate-limit/limiter";
import { finishRetirement } from "@/lib/retirement/delete";
import { deliverWeeklySummary } from "@/lib/retirement/weekly-summary";
import { runRotationJob, type RunHooks } from "@/lib/rotation/run";
import { runRotationTick } from "@/lib/rotation/tick";

// The worker-only registry: every job Keyless runs, bound to what runs it. Only the
// worker entry points (scripts/worker.ts, and the reliability tests' crash worker) import
// this file (a lint rule keeps it so); everything else enqueues through the definitions,
// which import no handler, so no module that queues a job is part of an import loop with
// the code the job runs. Adding a job: its definition file, and one line here.

export type JobContext = { id: string; retryCount: number };
export type BoundJob = {
  definition: JobDefinition;
  run: (payload: unknown, job: JobContext) => Promise<void>;
  /** For scheduled jobs: when a worker starts, run once now if this says a tick was missed. */
  catchUp?: () => Promise<boolean>;
};
/** What the process injects into the work (the crash tests: a SIGKILL after a rotation step). */
export type WorkerHooks = { rotation?: RunHooks };

function bind<S extends z.ZodType>(
  definition: JobDefinition<S>,
  run: (payload: z.infer<S>, job: JobContext) => Promise<void>,
  catchUp?: () => Promise<boolean>,
): BoundJob {
  return { definition, run: (payload, job) => run(definition.payload.parse(payload), job), catchUp };
}

/** A worker starting after a pause (deploy, a laptop waking) should not wait for the next sync tick. */
async function inventoryTickMissed(): Promise<boolean> {
  const minutes = env().KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES;
  if (minutes === 0) return false;
  const last = await lastRunStartedAt();
  return !last || Date.now() - last.getTime() > minutes * 60_000;
}

export function jobHandlers(hooks: WorkerHooks = {}): BoundJob[] {
  return [
    bind(notifyJob, (payload) => deliver(payload)),
    bind(approvalsExpireJob, async () => void (await expireDue(new Date()))),
    bind(cliAuthCleanupJob, async () => {
      const { devices, sessions } = await pruneCliAuth();
      const counters = await pruneRateLimitCounters();
      logger().info({ devices, sessions, counters }, "cli auth cleanup");
    }),
    bind(inventorySyncAccountJob, ({ syncId, awsAccountId, phase }) => runAccountSync(syncId, awsAccountId, phase ?? "all")),
    bind(
      inventorySyncScheduledJob,
      async () => void (await startSync(systemCaller("inventory-scheduler"), { trigger: "scheduled" })),
      inventoryTickMissed,
    ),
    bind(rotationRunJob, async ({ rotationId }, job) => {
      await runRotationJob(rotationId, { retryCount: job.retryCount, retryLimit: ROTATION_RETRY_LIMIT }, hooks.rotation);
      // A rotation delivering a provisioned user's first key settles its request when it ends.
      await finishProvisioning(rotationId);
    }),
    bind(rotationScheduleJob, () => runRotationTick(new Date())),
    bind(jobsRecoverJob, async () => void (await recoverAbandonedJobs())),
    bind(provisionAccessJob, ({ requestId }, job) => runProvisioning(requestId, job.retryCount >= PROVISION_RETRY_LIMIT, hooks.rotation)),
    bind(riskAnalyseJob, async ({ requestId }) => {
      const { retry } = await reanalyseRequest(systemCaller("risk-analysis"), requestId);
      // Thrown so pg-boss retries later; the request keeps its partial (high) analysis meanwhile.
      if (retry) throw new Error(`some of request ${requestId}'s policies could not be read from IAM yet`);
    }),
    bind(identityRefreshJob, async () => {
      const counts = await refreshDueIdentities();
      if (counts.changed + counts.refused + counts.failed > 0) logger().info({ ...counts }, "identity refresh");
    }),
    bind(awsRevocationsPersonJob, (payload) => completePersonRevocation({ ...payload, at: new Date(payload.at) })),
    bind(awsRevocationsApplyJob, async ({ roleArn }) => void (await applyRoleRevocations(roleArn))),
    bind(awsRevocationsPruneJob, async () => {
      for (const roleArn of await rolesNeedingApply(new Date())) {
        await enqueue(awsRevocationsApplyJob, { roleArn }, { singletonKey: roleArn });
      }
    }),
    bind(auditVerifyJob, async () => void (await verifyAndPublish())),
    bind(keyRetirementDeleteJob, async ({ retirementId }) => {
      // Started early (a clock moved): fail, so pg-boss tries again later.
      if ((await finishRetirement(retirementId)) === "not-due") throw new Error(`retirement ${retirementId} is not due yet`);
    }),
    bind(keysWeeklySummaryJob, async () => void (await deliverWeeklySummary(systemCaller("weekly-summary")))),
    bind(targetTokensBindJob, async () => {
      const done = await bindLegacyTargetTokens();
      logger().info(done, "legacy target tokens bound to their endpoints");
    }),
  ];
}

/** One job's handler, for tests that run a job in-process. */
export function handlerFor(definition: JobDefinition, hooks: WorkerHooks = {}): BoundJob["run"] {
  const bound = jobHandlers(hooks).find((j) => j.definition.name === definition.name);
  if (!bound) throw new Error(`no handler is bound for job ${definition.name}`);
  return bound.run;
}
