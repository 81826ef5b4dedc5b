import "server-only";
import {
  copyDeliverySteps,
  recordStep,
  saveProvisioning,
  type Provisioning,
  type ProvisioningStep,
} from "@/lib/approvals/provisioning-steps";
import { registerIntegration, setUpUser, undoProvisioning, type ProvisioningRequest } from "@/lib/approvals/provisioning-setup";
import { withAudit } from "@/lib/audit/record";
import { systemCaller, type Caller } from "@/lib/auth/caller";
import { AwsCallError } from "@/lib/aws/errors";
import { accountCredentials } from "@/lib/aws/iam-keys";
import { tagSecret } from "@/lib/aws/secrets-manager";
import { db } from "@/lib/db";
import { provisionAccessJob, PROVISION_RETRY_LIMIT } from "@/lib/jobs/definitions/provision-access";
import { enqueue } from "@/lib/jobs/enqueue";
import { announce } from "@/lib/notify/announce";
import { lockOn, withLock } from "@/lib/locks/liveness";
import { runRotationJob, type RunHooks } from "@/lib/rotation/run";
import { isTerminal } from "@/lib/rotation/run-row";
import { startRotation } from "@/lib/rotation/start";
import { TargetError } from "@/lib/targets";
import { ownershipTags } from "@/lib/targets/secret-ownership";

// Provisioning an approved external-service request: the IAM user, its policies and the
// integration (provisioning-setup.ts), then the first key, delivered by the rotation
// machine (trigger "provisioning": create, wait until it works, push, verify), which brings
// its crash safety, its step record and its live view. When that rotation ends, by this
// job or by a rotation-run job that resumed it after a crash, finishProvisioning settles
// the request: provisioned, or failed with everything it created undone.

export type { Provisioning, ProvisioningStep };

type Request = ProvisioningRequest & { status: string; provisioning: unknown; account: { accountId: string } | null };

export function provisionedUserName(serviceName: string, requestId: string): string {
  const slug = serviceName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `keyless-${slug || "service"}-${requestId.slice(-6)}`;
}

/** Queued when the request is approved. */
export async function startProvisioning(caller: Caller, requestId: string): Promise<void> {
  await enqueue(
    provisionAccessJob,
    { requestId },
    { singletonKey: requestId, retryLimit: PROVISION_RETRY_LIMIT, retryDelay: 5, retryBackoff: true },
  );
  await withAudit(caller, "provisioning.queue", { type: "access_request", id: requestId }, {});
}

const requestSelect = {
  id: true,
  status: true,
  serviceName: true,
  targetType: true,
  targetSettings: true,
  targetTokenEncrypted: true,
  targetTokenBinding: true,
  managedPolicyArns: true,
  inlinePolicy: true,
  ownerEmail: true,
  rotationIntervalDays: true,
  provisioning: true,
  requester: { select: { email: true } },
  account: { select: { accountId: true } },
} as const;

/** Transient trouble (throttling, a target's 5xx) is for the job to retry, not to undo. */
export function isTransient(error: unknown): boolean {
  return (error instanceof AwsCallError && error.retryable) || (error instanceof TargetError && error.retryable);
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);
const userOf = (r: Request, state: Provisioning) => ({ accountId: r.account?.accountId ?? "", userName: state.userName });

/** The job's work. `finalAttempt`: no retry follows, so a transient failure is undone too. */
export async function runProvisioning(requestId: string, finalAttempt: boolean, hooks: RunHooks = {}): Promise<void> {
  const r: Request | null = await db().accessRequest.findUnique({ where: { id: requestId }, select: requestSelect });
  if (!r?.account || (r.status !== "APPROVED" && r.status !== "PROVISIONING")) return;
  const state = (r.provisioning as Provisioning | null) ?? { userName: provisionedUserName(r.serviceName ?? "service", r.id), steps: [] };
  const user = userOf(r, state);
  await db().accessRequest.update({ where: { id: r.id }, data: { status: "PROVISIONING" }, select: { id: true } });
  let rotationId = state.rotationId;
  try {
    if (!rotationId) {
      await setUpUser(r, state, user);
      const integrationId = state.integrationId ?? (await registerIntegration(r, state, user));
      rotationId = (await startRotation(systemCaller("provisioning"), integrationId, "provisioning")).rotationId;
      state.rotationId = rotationId;
      await saveProvisioning(r.id, state);
    }
    // Resumes the rotation where it stopped; on the final attempt, abandons (rolls back) instead of throwing.
    await runRotationJob(rotationId, { retryCount: finalAttempt ? PROVISION_RETRY_LIMIT : 0, retryLimit: PROVISION_RETRY_LIMIT }, hooks);
  } catch (error) {
    if ((isTransient(error) || rotationId) && !finalAttempt) {
      await recordStep(r.id, state, "retry", "failed", `${message(error).slice(0, 300)} — will retry`);
      throw error;
    }
    if (!rotationId) return failProvisioning(r.id, state, user, message(error));
    throw error;
  }
  await finishProvisioning(rotationId);
}

/**
 * Settles the request whose first key this rotation delivered, once the rotation has ended
 * (a no-op otherwise, or when it is already settled). Called by the provisioning job and
 * after every rotation-run job, under the integration's lock so only one settles it.
 */
export async function finishProvisioning(rotationId: string): Promise<void> {
  const rotation = await db().rotation.findUnique({ where: { id: rotationId }, select: { integrationId: true, trigger: true } });
  if (rotation?.trigger !== "provisioning") return;
  await withLock(lockOn.integration(rotation.integrationId), () => settle(rotationId, rotation.integrationId), { waitMs: 10_000 });
}

async function settle(rotationId: string, integrationId: string): Promise<void> {
  const rotation = await db().rotation.findUnique({ where: { id: rotationId }, select: { status: true, error: true } });
  const r = await db().accessRequest.findFirst({ where: { integrationId, status: "PROVISIONING" }, select: requestSelect });
  if (!rotation || !r?.account || !isTerminal(rotation.status)) return;
  const state = r.provisioning as Provisioning;
  if (state.rotationId !== rotationId) return;
  await copyDeliverySteps(state, rotationId);
  if (rotation.status !== "succeeded")
    return failProvisioning(r.id, state, userOf(r, state), rotation.error ?? "The first key could not be delivered.");
  // The secret now belongs to the integration, whose rotations will write it.
  if (r.targetType === "secrets_manager") {
    const settings = r.targetSettings as { secretId: string; region?: string };
    const credentials = await accountCredentials(r.account.accountId);
    await tagSecret(
      credentials,
      { secretId: settings.secretId, region: settings.region },
      ownershipTags({ integrationId, requestId: r.id }),
    );
  }
  await db().accessRequest.update({
    where: { id: r.id },
    data: { status: "PROVISIONED", integrationId, provisioning: state },
    select: { id: true },
  });
  await announce({ event: "provisioning.succeeded", requestId: r.id });
}

async function failProvisioning(requestId: string, state: Provisioning, user: { accountId: string; userName: string }, why: string) {
  await recordStep(requestId, state, "failed", "failed", why);
  await undoProvisioning(requestId, state, user);
  state.error = why;
  await db().accessRequest.update({ where: { id: requestId }, data: { status: "FAILED", provisioning: state }, select: { id: true } });
  await announce({ event: "provisioning.failed", requestId });
}
