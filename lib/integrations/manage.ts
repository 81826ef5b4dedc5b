import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { AwsCallError } from "@/lib/aws/errors";
import { iamUserExists, rotationRoleArn } from "@/lib/aws/iam-keys";
import { db, Prisma } from "@/lib/db";
import { ConflictError, NotFoundError, UpstreamError, ValidationError } from "@/lib/errors";
import { getIntegration } from "@/lib/integrations/queries";
import { sealTargetToken } from "@/lib/integrations/token";
import type { CreateIntegrationInput, UpdateIntegrationInput } from "@/lib/integrations/schemas";
import { parseTargetSettings, TARGETS, type TargetType } from "@/lib/rotation/targets";
import type { IntegrationView } from "@/lib/integrations/dto";

// Creating, changing and removing integrations (admins). The target token is write-only:
// sealed with the row id as associated data, and only "set on <date>" is ever shown.

const DAY_MS = 86_400_000;
const invalid = (path: string, message: string) => new ValidationError(`${path}: ${message}.`, [{ path, message }]);

function settingsFor(type: TargetType, raw: unknown) {
  try {
    return parseTargetSettings(type, raw) as Prisma.InputJsonValue;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const issues = error.issues.map((i) => ({ path: `targetSettings.${i.path}`, message: i.message }));
    throw new ValidationError(error.message, issues);
  }
}

async function accountRowId(accountId: string): Promise<string> {
  const account = await db().awsAccount.findUnique({ where: { accountId }, select: { id: true } });
  if (!account) throw invalid("accountId", `account ${accountId} is not configured in Keyless`);
  return account.id;
}

async function requireIamUser(accountId: string, userName: string): Promise<void> {
  try {
    if (!(await iamUserExists({ accountId, userName }))) throw invalid("iamUserName", `there is no IAM user ${userName} in account ${accountId}`);
  } catch (error) {
    if (error instanceof AwsCallError) {
      throw new UpstreamError("AWS", `Could not look up IAM user ${userName} (${error.code}). Keyless manages it through the role ${rotationRoleArn(accountId)}.`);
    }
    throw error;
  }
}

function uniqueConflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new ConflictError("An integration with this name, or for this IAM user, already exists.");
  }
  throw error;
}

export async function createIntegration(caller: Caller, input: CreateIntegrationInput): Promise<IntegrationView> {
  await requirePermission(caller, "integrations.manage");
  const awsAccountId = await accountRowId(input.accountId);
  const targetSettings = settingsFor(input.targetType, input.targetSettings);
  if (TARGETS[input.targetType].requiresToken && !input.targetToken) throw invalid("targetToken", `${TARGETS[input.targetType].tokenLabel ?? "a token"} is required`);
  await requireIamUser(input.accountId, input.iamUserName);
  const id = await withAudit(caller, "integration.create", undefined, async () => {
    const now = new Date();
    const row = await db()
      .$transaction(async (tx) => {
        const created = await tx.integration.create({
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
        });
        if (input.targetToken) {
          await tx.integration.update({ where: { id: created.id }, data: { targetTokenEncrypted: sealTargetToken(created.id, input.targetToken), targetTokenSetAt: now } });
        }
        return created;
      })
      .catch(uniqueConflict);
    const details = { name: input.name, accountId: input.accountId, iamUserName: input.iamUserName, targetType: input.targetType, tokenSet: Boolean(input.targetToken) };
    return { value: row.id, target: { type: "integration", id: row.id }, details };
  });
  return getIntegration(caller, id);
}

const ACTIVE = ["running", "waiting"] as const;

export async function updateIntegration(caller: Caller, id: string, input: UpdateIntegrationInput): Promise<IntegrationView> {
  await requirePermission(caller, "integrations.manage");
  const current = await db().integration.findUnique({
    where: { id },
    select: { targetType: true, targetSettings: true, iamUserName: true, lastRotatedAt: true, createdAt: true, rotationIntervalDays: true, account: { select: { accountId: true } } },
  });
  if (!current) throw new NotFoundError("The integration");
  const type = (input.targetType ?? current.targetType) as TargetType;
  const typeChanged = input.targetType !== undefined && input.targetType !== current.targetType;
  if (typeChanged && input.targetSettings === undefined) throw invalid("targetSettings", "are required when the target type changes");
  const settings = input.targetSettings === undefined ? undefined : settingsFor(type, input.targetSettings);
  const settingsChanged = settings !== undefined && JSON.stringify(settings) !== JSON.stringify(current.targetSettings);
  const whereChanged =
    typeChanged ||
    settingsChanged ||
    (input.accountId ?? current.account.accountId) !== current.account.accountId ||
    (input.iamUserName ?? current.iamUserName) !== current.iamUserName;
  if (whereChanged && (await db().rotation.count({ where: { integrationId: id, status: { in: [...ACTIVE] } } }))) {
    throw new ConflictError("A rotation of this integration is under way: change its user or target after it finishes.");
  }
  const data: Prisma.IntegrationUncheckedUpdateInput = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.ownerEmail !== undefined) data.ownerEmail = input.ownerEmail;
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
  if (typeChanged && TARGETS[type].requiresToken && !input.targetToken) throw invalid("targetToken", "a token for the new target is required");
  const accountChanged = input.accountId !== undefined && input.accountId !== current.account.accountId;
  const userChanged = input.iamUserName !== undefined && input.iamUserName !== current.iamUserName;
  if (accountChanged) data.awsAccountId = await accountRowId(input.accountId!);
  if (userChanged) data.iamUserName = input.iamUserName;
  if (accountChanged || userChanged) await requireIamUser(input.accountId ?? current.account.accountId, input.iamUserName ?? current.iamUserName);
  if (input.targetToken) {
    data.targetTokenEncrypted = sealTargetToken(id, input.targetToken);
    data.targetTokenSetAt = new Date();
  } else if (typeChanged) {
    data.targetTokenEncrypted = null; // the old target's token means nothing to the new one
    data.targetTokenSetAt = null;
  }
  const changed = Object.keys(input).filter((k) => k !== "targetToken");
  await withAudit(caller, "integration.update", { type: "integration", id }, async () => {
    await db().integration.update({ where: { id }, data, select: { id: true } }).catch(uniqueConflict);
    return { value: undefined, details: { changed, tokenReplaced: Boolean(input.targetToken) } };
  });
  return getIntegration(caller, id);
}

/** Removes the integration and its rotation history (the audit log keeps every step). IAM is left as it is. */
export async function deleteIntegration(caller: Caller, id: string): Promise<void> {
  await requirePermission(caller, "integrations.manage");
  const row = await db().integration.findUnique({ where: { id }, select: { name: true, iamUserName: true } });
  if (!row) throw new NotFoundError("The integration");
  if (await db().rotation.count({ where: { integrationId: id, status: { in: [...ACTIVE] } } })) {
    throw new ConflictError("A rotation of this integration is under way: delete it after the rotation finishes.");
  }
  await withAudit(caller, "integration.delete", { type: "integration", id }, async () => {
    await db().integration.delete({ where: { id }, select: { id: true } });
    return { value: undefined, details: { name: row.name, iamUserName: row.iamUserName } };
  });
}
