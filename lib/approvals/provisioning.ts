import "server-only";
import { openRequestToken } from "@/lib/approvals/external";
import { recordAudit } from "@/lib/audit/record";
import { systemCaller, type Caller } from "@/lib/auth/caller";
import { AwsCallError } from "@/lib/aws/errors";
import { accessKeyWorks, accountCredentials, createAccessKey, deleteAccessKey, listAccessKeys, type IamUserRef } from "@/lib/aws/iam-keys";
import { attachManagedPolicy, createUser, deleteUserCompletely, getUserTags, putInlinePolicy } from "@/lib/aws/iam-provision";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createIntegration } from "@/lib/integrations/manage";
import { provisionAccessJob } from "@/lib/jobs/definitions/provision-access";
import { enqueue } from "@/lib/jobs/enqueue";
import { announce } from "@/lib/notify/announce";
import { tagSecret } from "@/lib/aws/secrets-manager";
import { bindTarget, isTargetType, TargetError } from "@/lib/targets";
import { ownershipTags } from "@/lib/targets/secret-ownership";

// Provisioning an approved external-service request: the IAM user (under /keyless/, tagged
// with its owner and request), its policies, its first key pushed to the target and
// verified, then the integration that rotates it. Steps are recorded on the request for
// the page to show. Every step can run again (a retried job picks up where it stopped);
// the key's secret is only ever in memory. A failure that retrying cannot fix undoes
// everything created, and says why.

export type ProvisioningStep = { step: string; status: "done" | "failed" | "undone"; at: string; detail?: string };
export type Provisioning = { userName: string; steps: ProvisioningStep[]; error?: string; integrationId?: string };

const REQUEST_TAG = "keyless:request-id";

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
  await enqueue(provisionAccessJob, { requestId }, { singletonKey: requestId, retryLimit: 4, retryDelay: 5, retryBackoff: true });
  await recordAudit(caller, { action: "provisioning.queue", outcome: "success", target: { type: "access_request", id: requestId } });
}

async function load(requestId: string) {
  return db().accessRequest.findUnique({
    where: { id: requestId },
    select: {
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
    },
  });
}

type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;

class Recorder {
  constructor(
    private readonly request: Loaded,
    readonly state: Provisioning,
  ) {}
  async step(step: string, status: ProvisioningStep["status"], detail?: string): Promise<void> {
    this.state.steps.push({ step, status, at: new Date().toISOString(), ...(detail ? { detail } : {}) });
    await db().accessRequest.update({ where: { id: this.request.id }, data: { provisioning: this.state } });
    await recordAudit(systemCaller("provisioning"), {
      action: "provisioning.step",
      outcome: status === "failed" ? "failure" : "success",
      target: { type: "access_request", id: this.request.id },
      details: { step, status, detail },
    });
  }
}

/** Transient trouble (throttling, a target's 5xx) is for the job to retry, not to undo. */
export function isTransient(error: unknown): boolean {
  return (error instanceof AwsCallError && error.retryable) || (error instanceof TargetError && error.retryable);
}

async function provisionSteps(r: Loaded, rec: Recorder, user: IamUserRef): Promise<string> {
  const tags = await getUserTags(user);
  if (tags && tags[REQUEST_TAG] !== r.id)
    throw new Error(`An IAM user named ${user.userName} already exists and was not created for this request.`);
  if (!tags) {
    await createUser(user, {
      owner: r.ownerEmail ?? r.requester.email,
      "keyless:service": (r.serviceName ?? "").slice(0, 256),
      [REQUEST_TAG]: r.id,
    });
    await rec.step("create_user", "done", `${user.userName} in ${user.accountId}`);
  }
  for (const arn of r.managedPolicyArns) await attachManagedPolicy(user, arn);
  if (r.inlinePolicy) await putInlinePolicy(user, "keyless-inline", JSON.stringify(r.inlinePolicy));
  await rec.step(
    "attach_policies",
    "done",
    [...r.managedPolicyArns, ...(r.inlinePolicy ? ["inline policy keyless-inline"] : [])].join(", "),
  );

  // A key from an interrupted attempt has lost its secret: replace it.
  for (const k of await listAccessKeys(user)) await deleteAccessKey(user, k.accessKeyId);
  const key = await createAccessKey(user);
  await rec.step("create_key", "done", key.accessKeyId);

  const deadline = Date.now() + env().KEYLESS_ROTATION_PROPAGATION_TIMEOUT_SECONDS * 1000;
  while (!(await accessKeyWorks(user, key))) {
    if (Date.now() > deadline) throw new Error("The new key did not start working in time (IAM is eventually consistent); try again.");
    await new Promise((res) => setTimeout(res, env().KEYLESS_ROTATION_PROPAGATION_INTERVAL_MS));
  }
  if (!isTargetType(r.targetType)) throw new Error(`Unknown target type ${r.targetType}.`);
  const target = bindTarget(r.targetType, r.targetSettings);
  // Fails closed when the request's target no longer names the endpoint its token was given for.
  const token = openRequestToken({ ...r, targetType: r.targetType }, r.targetTokenEncrypted);
  const runtime = {
    token,
    // A Secrets Manager secret is written only if it was created for this request (tags).
    requestId: r.id,
    aws: r.targetType === "secrets_manager" ? { credentials: await accountCredentials(user.accountId) } : undefined,
  };
  await target.write(runtime, key);
  await rec.step("push", "done", target.description);
  const verified = await target.verify(runtime, key.accessKeyId);
  if (!verified.ok) throw new Error(`The target does not hold the new key: ${verified.detail}`);
  await rec.step("verify", "done", verified.detail);

  const existing = await db().integration.findFirst({
    where: { iamUserName: user.userName, account: { accountId: user.accountId } },
    select: { id: true },
  });
  const integrationId =
    existing?.id ??
    (
      await createIntegration(systemCaller("provisioning"), {
        name: r.serviceName ?? user.userName,
        accountId: user.accountId,
        iamUserName: user.userName,
        targetType: r.targetType,
        targetSettings: (r.targetSettings ?? {}) as Record<string, unknown>,
        targetToken: token ?? undefined,
        rotationIntervalDays: r.rotationIntervalDays ?? 90,
        graceSeconds: 86_400,
        ownerEmail: r.ownerEmail ?? r.requester.email,
        enabled: true,
      })
    ).id;
  // The secret now belongs to the integration, whose rotations will write it.
  if (r.targetType === "secrets_manager" && runtime.aws) {
    const settings = r.targetSettings as { secretId: string; region?: string };
    const secret = { secretId: settings.secretId, region: settings.region };
    await tagSecret(runtime.aws.credentials, secret, ownershipTags({ integrationId, requestId: r.id }));
  }
  await rec.step("register_integration", "done", `integration ${integrationId}, rotation every ${r.rotationIntervalDays ?? 90} days`);
  return integrationId;
}

/** The job's work. `finalAttempt`: no retry follows, so a transient failure is undone too. */
export async function runProvisioning(requestId: string, finalAttempt: boolean): Promise<void> {
  const r = await load(requestId);
  if (!r?.account || (r.status !== "APPROVED" && r.status !== "PROVISIONING")) return;
  const previous = (r.provisioning ?? null) as Provisioning | null;
  const state: Provisioning = previous ?? { userName: provisionedUserName(r.serviceName ?? "service", r.id), steps: [] };
  const rec = new Recorder(r, state);
  const user = { accountId: r.account.accountId, userName: state.userName };
  await db().accessRequest.update({ where: { id: r.id }, data: { status: "PROVISIONING" } });
  try {
    const integrationId = await provisionSteps(r, rec, user);
    state.integrationId = integrationId;
    await db().accessRequest.update({ where: { id: r.id }, data: { status: "PROVISIONED", integrationId, provisioning: state } });
    await announce({ event: "provisioning.succeeded", requestId: r.id });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isTransient(error) && !finalAttempt) {
      await rec.step("retry", "failed", `${message.slice(0, 300)} — will retry`);
      throw error;
    }
    await rec.step("failed", "failed", message.slice(0, 500));
    const ours = await getUserTags(user).catch(() => null);
    const undone = ours?.[REQUEST_TAG] === r.id ? await deleteUserCompletely(user) : [];
    if (undone.length) await rec.step("undo", "undone", `removed ${undone.join(", ")}`);
    state.error = message.slice(0, 500);
    await db().accessRequest.update({ where: { id: r.id }, data: { status: "FAILED", provisioning: state } });
    await announce({ event: "provisioning.failed", requestId: r.id });
  }
}
