import "server-only";
import type { JobDefinition } from "@/lib/jobs/define";
import { inventorySyncAccountJob } from "@/lib/jobs/definitions/inventory-sync-account";
import { inventorySyncScheduledJob } from "@/lib/jobs/definitions/inventory-sync-scheduled";

// Every background job Keyless runs. The worker registers each of these; adding a job
// means adding its definition file and listing it here.
export const JOBS: JobDefinition[] = [inventorySyncAccountJob, inventorySyncScheduledJob] as JobDefinition[];
