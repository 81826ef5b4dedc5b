import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { accountRowId, DAY_MS, hasActiveRotation, invalid, requireIamUser, settingsFor, uniqueConflict } from "@/lib/integrations/checks";
import type { IntegrationView } from "@/lib/integrations/dto";
import { getIntegration } from "@/lib/integrations/queries";
import type { CreateIntegrationInput } from "@/lib/integrations/schemas";
import { sealTargetToken } from "@/lib/targets/token";
import { TARGETS } from "@/lib/targets";
import { bindingFor, describeIdentity } from "@/lib/targets/identity";

// Creating and removing integrations (admins); changing them is in update.ts. The target
// token is write-only: sealed with the row id and the endpoint it is for as associated
// data (token.ts), and only "set on <date>" is ever shown.

export async function createIntegration(caller: Caller, input: CreateIntegrationInput): Promise<IntegrationView> {
  await requirePermission(caller, "integrations.manage");
  const awsAccountId = await accountRowId(input.accountId);
  const targetSettings = await settingsFor(input.targetType, input.targetSettings);
  if (TARGETS[input.targetType].requiresToken && !input.targetToken)
    throw invalid("targetToken", `${TARGETS[input.targetType].tokenLabel ?? "a token"} is required`);
  await requireIamUser(input.accountId, input.iamUserName);
  const id = await withAudit(caller, "integration.create", undefined, async (tx) => {
    const now = new Date();
    const row = await tx.integration
      .create({
        data: {
          name: input.name,
          awsAccountId,
          iamUserName: input.iamUserName,
          targetType: input.targetType,
          targetSettings,
          rotationIntervalDays: input.rotationIntervalDays,
          graceSeconds: input.graceSeconds,
          ownerEmail: input.ownerEmail,
          enabled: input.enabled,
          nextRotationAt: new Date(now.getTime() + input.rotationIntervalDays * DAY_MS),
          createdById: caller.kind === "user" ? caller.userId : null,
        },
        select: { id: true },
      })
      .catch(uniqueConflict);
    if (input.targetToken) {
      // Sealed with the row id as associated data, so it needs the id first.
      await tx.integration.update({
        where: { id: row.id },
        data: { ...sealTargetToken(row.id, input.targetToken, input.targetType, targetSettings), targetTokenSetAt: now },
        select: { id: true },
      });
    }
    const details = {
      name: input.name,
      accountId: input.accountId,
      iamUserName: input.iamUserName,
      targetType: input.targetType,
      // The endpoint the token is sealed for ("tokenSet" would be scrubbed as a secret's name).
      sealedFor: input.targetToken ? describeIdentity(bindingFor(input.targetType, targetSettings)) : null,
    };
    return { value: row.id, target: { type: "integration", id: row.id }, details };
  });
  return getIntegration(caller, id);
}

/** Removes the integration and its rotation history (the audit log keeps every step). IAM is left as it is. */
export async function deleteIntegration(caller: Caller, id: string): Promise<void> {
  await requirePermission(caller, "integrations.manage");
  const row = await db().integration.findUnique({ where: { id }, select: { name: true, iamUserName: true } });
  if (!row) throw new NotFoundError("The integration");
  if (await hasActiveRotation(id)) {
    throw new ConflictError("A rotation of this integration is under way: delete it after the rotation finishes.");
  }
  await withAudit(caller, "integration.delete", { type: "integration", id }, async (tx) => {
    await tx.integration.delete({ where: { id }, select: { id: true } });
    return { value: undefined, details: { name: row.name, iamUserName: row.iamUserName } };
  });
}
