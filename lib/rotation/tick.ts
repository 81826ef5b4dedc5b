import "server-only";
import { systemCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { flushRotationAlerts } from "@/lib/rotation/alerts";
import { recoverRotations } from "@/lib/rotation/recover";
import { planDueRotations } from "@/lib/rotation/schedule-plan";
import { startRotation } from "@/lib/rotation/start";

// One pass of the rotation scheduler (job rotation-schedule): resume orphaned rotations,
// start the integrations whose interval has passed (most overdue first, bounded per pass),
// and send alerts that are still pending.

export async function startDueRotations(now: Date): Promise<string[]> {
  const candidates = await db().integration.findMany({
    where: { enabled: true, nextRotationAt: { lte: now }, rotations: { none: { status: { in: ["running", "waiting"] } } } },
    select: { id: true, nextRotationAt: true, lastRotatedAt: true, rotationIntervalDays: true, createdAt: true },
  });
  const caller = systemCaller("rotation-schedule");
  const started: string[] = [];
  for (const plan of planDueRotations(candidates, now, env().KEYLESS_ROTATION_MAX_STARTS_PER_TICK)) {
    try {
      const { rotationId } = await startRotation(caller, plan.id, plan.trigger);
      started.push(rotationId);
    } catch (error) {
      logger().error({ err: error, integrationId: plan.id }, "could not start a scheduled rotation");
    }
  }
  return started;
}

export async function runRotationTick(now: Date): Promise<void> {
  await recoverRotations(now);
  const started = await startDueRotations(now);
  const alerted = await flushRotationAlerts();
  if (started.length || alerted) logger().info({ started: started.length, alerted }, "rotation scheduler pass");
}
