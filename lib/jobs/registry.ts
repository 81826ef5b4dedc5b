import "server-only";
import { cliAuthCleanupJob } from "@/lib/jobs/definitions/cli-auth-cleanup";
import type { JobDefinition } from "@/lib/jobs/define";

// Every background job Keyless runs. The worker registers each of these; adding a job
// means adding its definition file and listing it here.
export const JOBS: JobDefinition[] = [cliAuthCleanupJob];
