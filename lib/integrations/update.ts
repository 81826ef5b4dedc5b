import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db, type Prisma } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { accountRowId, DAY_MS, hasActiveRotation, invalid, requireIamUser, settingsFor, uniqueConflict } from "@/lib/integrations/checks";
import type { IntegrationView } from "@/lib/integrations/dto";
import { getIntegration } from "@/lib/integrations/queries";
import type { UpdateIntegrationInput } from "@/lib/integrations/schemas";
import { planTargetChange, settingChanges } from "@/lib/integrations/target-change";
import type { TargetType } from "@/lib/targets";

// Changing an integration. Where the key lives (account, user, target) cannot change while
// a rotation is under way; a token given replaces the stored one, none keeps it, and a new
// endpoint needs a new token (target-change.ts). The audit entry has old and new values.

/** JSON with sorted keys: jsonb does not keep the order the settings were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * "Needs a new owner" follows the owner named: saving someone whose access has not ended
 * clears it; naming a person whose access ended (suspended, deprovisioned) keeps or sets it.
 */
async function ownerFlag(email: string, flaggedAt: Date | null): Promise<Date | null> {
  const person = await db().user.findFirst({ where: { email: { equals: email, mode: "insensitive" } }, select: { status: true } });
  return person && person.status !== "active" ? (flaggedAt ?? new Date()) : null;
}

export async function updateIntegration(caller: Caller, id: string, input: UpdateIntegrationInput): Promise<IntegrationView> {
  await requirePermission(caller, "integrations.manage");
  const current = await db().integration.findUnique({
    where: { id },
    select: {
      targetType: true,
      targetSettings: true,
      iamUserName: true,
      lastRotatedAt: true,
      createdAt: true,
      rotationIntervalDays: true,
      ownerNeedsReplacementAt: true,
      account: { select: { accountId: true } },
    },
  });
  if (!current) throw new NotFoundError("The integration");
  const type = (input.targetType ?? current.targetType) as TargetType;
  const typeChanged = input.targetType !== undefined && input.targetType !== current.targetType;
  if (typeChanged && input.targetSettings === undefined) throw invalid("targetSettings", "are required when the target type changes");
  const settings = input.targetSettings === undefined ? undefined : await settingsFor(type, input.targetSettings);
  const settingsChanged = settings !== undefined && canonical(settings) !== canonical(current.targetSettings);
  const nextSettings = typeChanged || settingsChanged ? settings : current.targetSettings;
  const target = await planTargetChange(
    caller,
    id,
    { type: current.targetType as TargetType, settings: current.targetSettings },
    { type, settings: nextSettings, token: input.targetToken },
  );
  const whereChanged =
    typeChanged ||
    settingsChanged ||
    (input.accountId ?? current.account.accountId) !== current.account.accountId ||
    (input.iamUserName ?? current.iamUserName) !== current.iamUserName;
  if (whereChanged && (await hasActiveRotation(id))) {
    throw new ConflictError("A rotation of this integration is under way: change its user or target after it finishes.");
  }
  const data: Prisma.IntegrationUncheckedUpdateInput = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.ownerEmail !== undefined) {
    data.ownerEmail = input.ownerEmail;
    data.ownerNeedsReplacementAt = await ownerFlag(input.ownerEmail, current.ownerNeedsReplacementAt);
  }
  if (input.enabled !== undefined) data.enabled = input.enabled;
  if (input.graceSeconds !== undefined) data.graceSeconds = input.graceSeconds;
  if (input.rotationIntervalDays !== undefined) {
    data.rotationIntervalDays = input.rotationIntervalDays;
    data.nextRotationAt = new Date((current.lastRotatedAt ?? current.createdAt).getTime() + input.rotationIntervalDays * DAY_MS);
  }
  if (typeChanged || settingsChanged) {
    data.targetType = type;
    data.targetSettings = settings;
  }
  const accountChanged = input.accountId !== undefined && input.accountId !== current.account.accountId;
  const userChanged = input.iamUserName !== undefined && input.iamUserName !== current.iamUserName;
  if (accountChanged) data.awsAccountId = await accountRowId(input.accountId!);
  if (userChanged) data.iamUserName = input.iamUserName;
  if (accountChanged || userChanged)
    await requireIamUser(input.accountId ?? current.account.accountId, input.iamUserName ?? current.iamUserName);
  Object.assign(data, target.tokenData);
  const settingsDiff = typeChanged || settingsChanged ? settingChanges(current.targetSettings, settings) : [];
  await withAudit(caller, "integration.update", { type: "integration", id }, async (tx) => {
    await tx.integration.update({ where: { id }, data, select: { id: true } }).catch(uniqueConflict);
    const ownerReplaced = current.ownerNeedsReplacementAt !== null && data.ownerNeedsReplacementAt === null;
    // Old and new values of where the key goes; never the token (only that it was replaced,
    // as "targetToken" in `changed`: a key named after a token would be scrubbed).
    return {
      value: undefined,
      details: {
        changed: Object.keys(input),
        ...(typeChanged ? { targetType: { from: current.targetType, to: type } } : {}),
        ...(settingsDiff.length > 0 ? { settings: settingsDiff } : {}),
        ...(target.endpoint.length > 0 ? { endpoint: target.endpoint } : {}),
        ...(accountChanged ? { accountId: { from: current.account.accountId, to: input.accountId } } : {}),
        ...(userChanged ? { iamUserName: { from: current.iamUserName, to: input.iamUserName } } : {}),
        ...(ownerReplaced ? { ownerReplaced } : {}),
      },
    };
  });
  return getIntegration(caller, id);
}
