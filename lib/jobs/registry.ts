import "server-only";
import { approvalsExpireJob } from "@/lib/jobs/definitions/approvals-expire";
import type { JobDefinition } from "@/lib/jobs/define";
import { notifyJob } from "@/lib/jobs/definitions/notify";
import { rotationRunJob } from "@/lib/jobs/definitions/rotation-run";
import { rotationScheduleJob } from "@/lib/jobs/definitions/rotation-schedule";

// Every background job Keyless runs. The worker registers each of these; adding a job
// means adding its definition file and listing it here.
export const JOBS: JobDefinition[] = [notifyJob, approvalsExpireJob, rotationRunJob, rotationScheduleJob] as JobDefinition[];
