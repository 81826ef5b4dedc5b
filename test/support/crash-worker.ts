// The worker, for the SIGKILL tests (test/integration/rotation-crash.test.ts): the same
// jobs as scripts/worker.ts, with a hook that kills this process right after a given
// rotation step was recorded, to prove a rotation (and a provisioning, whose first key a
// rotation delivers) resumes safely after SIGKILL. Production code has no such hook.
//
// KEYLESS_TEST_CRASH_AFTER_STEP is "<step>[:<status>][@<rotationId>]": "push" kills after
// push's done record, "push:started" after its started record, "@id" limits it to one rotation.
import { jobHandlers } from "@/lib/jobs/handlers";
import type { StepEvent } from "@/lib/rotation/ports";
import { runWorker } from "../../scripts/worker-runtime";

const wanted = process.env.KEYLESS_TEST_CRASH_AFTER_STEP ?? "";
const [what = "", only] = wanted.split("@");
const [step, status = "done"] = what.split(":");

function crashAfter(rotationId: string, event: StepEvent): void {
  if (!step || event.step !== step || event.status !== status || (only && only !== rotationId)) return;
  console.error(JSON.stringify({ level: 40, step, status, msg: "test hook: killing this process (SIGKILL)" }));
  process.kill(process.pid, "SIGKILL");
}

runWorker(jobHandlers({ rotation: { afterRecord: crashAfter } }));
