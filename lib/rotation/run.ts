import "server-only";
import { db } from "@/lib/db";
import { enqueue } from "@/lib/jobs/enqueue";
import { rotationJobOptions, rotationRunJob } from "@/lib/jobs/definitions/rotation-run";
import { logger } from "@/lib/logger";
import { flushRotationAlerts } from "@/lib/rotation/alerts";
import { machineDeps } from "@/lib/rotation/deps";
import { LockLostError, lockOn, withLock, type LockHold } from "@/lib/locks/liveness";
import { abandonRotation, runRotation } from "@/lib/rotation/machine";
import { dbRecorder, type AfterRecord } from "@/lib/rotation/recorder";
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
/** What the process running the job injects (the reliability tests: a crash after a step). */
export type RunHooks = { afterRecord?: AfterRecord };

export async function runRotationJob(rotationId: string, attempt: Attempt, hooks: RunHooks = {}): Promise<void> {
  const head = await db().rotation.findUnique({ where: { id: rotationId }, select: { integrationId: true, status: true } });
  if (!head) return; // the integration was deleted with its rotations
  if (!isTerminal(head.status)) {
    const locked = await withLock(lockOn.integration(head.integrationId), (hold) => drive(rotationId, attempt, hold, hooks), {
      waitMs: 3000,
    });
    // Busy: another worker is on this integration right now, and will finish or wake it.
    if (!locked.acquired) logger().info({ rotationId }, "rotation is being run elsewhere; leaving it");
  }
  await flushRotationAlerts({ rotationId });
}

/**
 * A first key (provisioning) is written for the request it was asked by: a Secrets Manager
 * secret created for that request is the integration's to write (the integration is tagged
 * as its owner only once provisioning has succeeded).
 */
async function provisioningRequestId(integrationId: string, trigger: string): Promise<string | undefined> {
  if (trigger !== "provisioning") return undefined;
  const request = await db().accessRequest.findFirst({ where: { integrationId }, select: { id: true } });
  return request?.id;
}

async function drive(rotationId: string, attempt: Attempt, hold: LockHold, hooks: RunHooks): Promise<void> {
  const row = await loadForRun(rotationId); // read again under the lock
  if (!row || isTerminal(row.status)) return;
  const integration = row.integration;
  const ctx = { rotationId, integrationId: integration.id, rotationIntervalDays: integration.rotationIntervalDays };
  const recorder = dbRecorder(ctx, hold, hooks.afterRecord);
  const deps = await machineDeps(integration, recorder, await provisioningRequestId(integration.id, row.trigger));
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
