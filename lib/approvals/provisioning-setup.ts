import "server-only";
import { openRequestToken } from "@/lib/approvals/external";
import { recordStep, saveProvisioning, type Provisioning } from "@/lib/approvals/provisioning-steps";
import { systemCaller } from "@/lib/auth/caller";
import type { IamUserRef } from "@/lib/aws/iam-keys";
import { attachManagedPolicy, createUser, deleteUserCompletely, getUserTags, putInlinePolicy } from "@/lib/aws/iam-provision";
import { db } from "@/lib/db";
import { createIntegration, deleteIntegration } from "@/lib/integrations/manage";
import { isTargetType } from "@/lib/targets";

// What provisioning does itself, before the rotation machine delivers the first key: the
// IAM user (under /keyless/, tagged with its owner and request), its policies, and the
// integration that will hold and rotate its key. Each part can run again (a retried job
// picks up where it stopped). And the undo, when provisioning fails.

const REQUEST_TAG = "keyless:request-id";
const provisioner = () => systemCaller("provisioning");

export type ProvisioningRequest = {
  id: string;
  serviceName: string | null;
  targetType: string | null;
  targetSettings: unknown;
  targetTokenEncrypted: string | null;
  targetTokenBinding: unknown;
  managedPolicyArns: string[];
  inlinePolicy: unknown;
  ownerEmail: string | null;
  rotationIntervalDays: number | null;
  requester: { email: string };
};

export async function setUpUser(r: ProvisioningRequest, state: Provisioning, user: IamUserRef): Promise<void> {
  const tags = await getUserTags(user);
  if (tags && tags[REQUEST_TAG] !== r.id)
    throw new Error(`An IAM user named ${user.userName} already exists and was not created for this request.`);
  if (!tags) {
    await createUser(user, {
      owner: r.ownerEmail ?? r.requester.email,
      "keyless:service": (r.serviceName ?? "").slice(0, 256),
      [REQUEST_TAG]: r.id,
    });
    await recordStep(r.id, state, "create_user", "done", `${user.userName} in ${user.accountId}`);
  }
  for (const arn of r.managedPolicyArns) await attachManagedPolicy(user, arn);
  if (r.inlinePolicy) await putInlinePolicy(user, "keyless-inline", JSON.stringify(r.inlinePolicy));
  const policies = [...r.managedPolicyArns, ...(r.inlinePolicy ? ["inline policy keyless-inline"] : [])];
  await recordStep(r.id, state, "attach_policies", "done", policies.join(", "));
}

/** The integration (its token sealed for it), linked to the request so the rotation can find it. */
export async function registerIntegration(r: ProvisioningRequest, state: Provisioning, user: IamUserRef): Promise<string> {
  if (!r.targetType || !isTargetType(r.targetType)) throw new Error(`Unknown target type ${r.targetType ?? "(none)"}.`);
  // Fails closed when the request's target no longer names the endpoint its token was given for.
  const token = openRequestToken({ ...r, targetType: r.targetType }, r.targetTokenEncrypted);
  const existing = await db().integration.findFirst({
    where: { iamUserName: user.userName, account: { accountId: user.accountId } },
    select: { id: true },
  });
  const days = r.rotationIntervalDays ?? 90;
  const integrationId =
    existing?.id ??
    (
      await createIntegration(provisioner(), {
        name: r.serviceName ?? user.userName,
        accountId: user.accountId,
        iamUserName: user.userName,
        targetType: r.targetType,
        targetSettings: (r.targetSettings ?? {}) as Record<string, unknown>,
        targetToken: token ?? undefined,
        rotationIntervalDays: days,
        graceSeconds: 86_400,
        ownerEmail: r.ownerEmail ?? r.requester.email,
        enabled: true,
      })
    ).id;
  state.integrationId = integrationId;
  await db().accessRequest.update({ where: { id: r.id }, data: { integrationId }, select: { id: true } });
  await recordStep(r.id, state, "register_integration", "done", `integration ${integrationId}, rotation every ${days} days`);
  return integrationId;
}

/** Removes what this request created: its integration, and the IAM user if the tags say it is ours. */
export async function undoProvisioning(requestId: string, state: Provisioning, user: IamUserRef): Promise<void> {
  const undone: string[] = [];
  if (state.integrationId) {
    const exists = await db().integration.findUnique({ where: { id: state.integrationId }, select: { id: true } });
    if (exists) {
      await deleteIntegration(provisioner(), state.integrationId);
      undone.push(`integration ${state.integrationId}`);
    }
  }
  const ours = await getUserTags(user).catch(() => null);
  if (ours?.[REQUEST_TAG] === requestId) undone.push(...(await deleteUserCompletely(user)));
  state.integrationId = undefined;
  await db().accessRequest.update({ where: { id: requestId }, data: { integrationId: null }, select: { id: true } });
  if (undone.length) await recordStep(requestId, state, "undo", "undone", `removed ${undone.join(", ")}`);
  else await saveProvisioning(requestId, state);
}
