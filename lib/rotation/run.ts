import "server-only";
import { db } from "@/lib/db";
import { enqueue } from "@/lib/jobs/enqueue";
import { rotationJobOptions, rotationRunJob } from "@/lib/jobs/definitions/rotation-run";
import { logger } from "@/lib/logger";
import { flushRotationAlerts } from "@/lib/rotation/alerts";
import { machineDeps } from "@/lib/rotation/deps";
import { LockLostError, withIntegrationLock, type LockHold } from "@/lib/rotation/lock";
import { abandonRotation, runRotation } from "@/lib/rotation/machine";
import { dbRecorder } from "@/lib/rotation/recorder";
import { isTerminal, rotationStateSelect, stateFromRow } from "@/lib/rotation/run-row";

// The rotation-run job: resume a rotation from what was persisted and drive the state
// machine until it ends or waits for the grace period (then schedule its own wake-up).
// The new key's secret never leaves this process's memory; after a crash, the machine's
// resume rules decide what to do without it.

const integrationForRun = {
  id: true,
  name: true,
  iamUserName: true,
  targetType: true,
  targetSettings: true,
  targetTokenEncrypted: true,
  targetTokenBinding: true,
  graceSeconds: true,
  rotationIntervalDays: true,
  account: { select: { accountId: true } },
} as const;

async function loadForRun(rotationId: string) {
  return db().rotation.findUnique({
    where: { id: rotationId },
    select: { ...rotationStateSelect, integration: { select: integrationForRun } },
  });
}

export type Attempt = { retryCount: number; retryLimit: number };

export async function runRotationJob(rotationId: string, attempt: Attempt): Promise<void> {
  const head = await db().rotation.findUnique({ where: { id: rotationId }, select: { integrationId: true, status: true } });
  if (!head) return; // the integration was deleted with its rotations
  if (!isTerminal(head.status)) {
    const locked = await withIntegrationLock(head.integrationId, (hold) => drive(rotationId, attempt, hold), { waitMs: 3000 });
    // Busy: another worker is on this integration right now, and will finish or wake it.
    if (!locked.acquired) logger().info({ rotationId }, "rotation is being run elsewhere; leaving it");
  }
  await flushRotationAlerts({ rotationId });
}

async function drive(rotationId: string, attempt: Attempt, hold: LockHold): Promise<void> {
  const row = await loadForRun(rotationId); // read again under the lock
  if (!row || isTerminal(row.status)) return;
  const integration = row.integration;
  const recorder = dbRecorder({ rotationId, integrationId: integration.id, rotationIntervalDays: integration.rotationIntervalDays }, hold);
  const deps = await machineDeps(integration, recorder);
  let state;
  try {
    state = await runRotation(stateFromRow(row), deps);
  } catch (error) {
    // Lost the lock: someone else may be running it now; leave it to them (no abandon).
    if (attempt.retryCount < attempt.retryLimit || error instanceof LockLostError) throw error; // the job retries and resumes
    const latest = await loadForRun(rotationId);
    if (!latest || isTerminal(latest.status)) return;
    const reason = `Gave up after ${attempt.retryCount + 1} attempts: ${error instanceof Error ? error.message : String(error)}`;
    state = await abandonRotation(stateFromRow(latest), deps, reason);
  }
  if (state.status === "waiting" && state.graceUntil) {
    const jobId = await enqueue(rotationRunJob, { rotationId }, rotationJobOptions(integration.id, state.graceUntil));
    await db().rotation.update({ where: { id: rotationId }, data: { jobId }, select: { id: true } });
  }
}
