import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import type { StepEvent } from "@/lib/rotation/ports";

// Tests only: lets an integration test kill a real worker process right after a given
// step was recorded, to prove a rotation resumes safely after SIGKILL. The value is
// "<step>[:<status>][@<rotationId>]": "push" kills after push's done record, "push:started"
// after its started record, "@id" limits it to one rotation. Ignored unless NODE_ENV=test,
// so no production configuration can trigger it.

export function crashIfAskedAfter(rotationId: string, event: StepEvent): void {
  const e = env();
  const wanted = e.NODE_ENV === "test" ? e.KEYLESS_TEST_CRASH_AFTER_STEP : undefined;
  if (!wanted) return;
  const [what = "", only] = wanted.split("@");
  const [step, status = "done"] = what.split(":");
  if (event.step !== step || event.status !== status || (only && only !== rotationId)) return;
  logger().warn({ step, status }, "test hook: killing this process (SIGKILL)");
  process.kill(process.pid, "SIGKILL");
}
