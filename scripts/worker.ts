// The background worker: runs every job Keyless has (lib/jobs/handlers.ts) on pg-boss.
// Start one or more of these beside the app (`npm run worker`); see worker-runtime.ts.
import { jobHandlers } from "@/lib/jobs/handlers";
import { runWorker } from "./worker-runtime";

runWorker(jobHandlers());
