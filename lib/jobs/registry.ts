import "server-only";
import { approvalsExpireJob } from "@/lib/jobs/definitions/approvals-expire";
import { auditVerifyJob } from "@/lib/jobs/definitions/audit-verify";
import { awsRevocationsApplyJob } from "@/lib/jobs/definitions/aws-revocations-apply";
import { awsRevocationsPersonJob } from "@/lib/jobs/definitions/aws-revocations-person";
import { awsRevocationsPruneJob } from "@/lib/jobs/definitions/aws-revocations-prune";
import { cliAuthCleanupJob } from "@/lib/jobs/definitions/cli-auth-cleanup";
import type { JobDefinition } from "@/lib/jobs/define";
import { inventorySyncAccountJob } from "@/lib/jobs/definitions/inventory-sync-account";
import { identityRefreshJob } from "@/lib/jobs/definitions/identity-refresh";
import { inventorySyncScheduledJob } from "@/lib/jobs/definitions/inventory-sync-scheduled";
import { jobsRecoverJob } from "@/lib/jobs/definitions/jobs-recover";
import { notifyJob } from "@/lib/jobs/definitions/notify";
import { provisionAccessJob } from "@/lib/jobs/definitions/provision-access";
import { riskAnalyseJob } from "@/lib/jobs/definitions/risk-analyse";
import { rotationRunJob } from "@/lib/jobs/definitions/rotation-run";
import { rotationScheduleJob } from "@/lib/jobs/definitions/rotation-schedule";
import { targetTokensBindJob } from "@/lib/jobs/definitions/target-tokens-bind";

// Every background job Keyless runs. The worker registers each of these; adding a job
// means adding its definition file and listing it here.
export const JOBS: JobDefinition[] = [
  notifyJob,
  approvalsExpireJob,
  cliAuthCleanupJob,
  inventorySyncAccountJob,
  inventorySyncScheduledJob,
  rotationRunJob,
  rotationScheduleJob,
  jobsRecoverJob,
  provisionAccessJob,
  riskAnalyseJob,
  identityRefreshJob,
  awsRevocationsPersonJob,
  awsRevocationsApplyJob,
  awsRevocationsPruneJob,
  targetTokensBindJob,
  auditVerifyJob,
] as JobDefinition[];
