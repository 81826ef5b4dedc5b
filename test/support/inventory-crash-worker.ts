// The worker, for the inventory crash tests (test/integration/inventory-org-workers.test.ts):
// the same jobs as scripts/worker.ts; with KEYLESS_TEST_CRASH_AFTER_ACCOUNTS=N it kills this
// process (SIGKILL) right after its N-th account of the sync KEYLESS_TEST_CRASH_SYNC_ID finished,
// while its other account slots are still mid-account. Jobs of other syncs (left queued by
// earlier tests on the shared database; they end at once) do not count. Production code has
// no such hook.
import { inventorySyncAccountJob } from "@/lib/jobs/definitions/inventory-sync-account";
import { jobHandlers } from "@/lib/jobs/handlers";
import { runWorker } from "../../scripts/worker-runtime";

const after = Number(process.env.KEYLESS_TEST_CRASH_AFTER_ACCOUNTS ?? "0");
const syncId = process.env.KEYLESS_TEST_CRASH_SYNC_ID;
let finished = 0;

runWorker(
  jobHandlers().map((job) =>
    job.definition.name !== inventorySyncAccountJob.name || after <= 0
      ? job
      : {
          ...job,
          run: async (payload, context) => {
            await job.run(payload, context);
            if ((payload as { syncId?: string }).syncId !== syncId || ++finished < after) return;
            console.error(JSON.stringify({ level: 40, finished, msg: "test hook: killing this process (SIGKILL)" }));
            process.kill(process.pid, "SIGKILL");
          },
        },
  ),
);
