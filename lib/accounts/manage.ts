import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db, Prisma } from "@/lib/db";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import {
  accountIdFromArn,
  accountInputSchema,
  roleInputSchema,
  roleNameFromArn,
  type AccountInput,
  type RoleInput,
} from "@/lib/accounts/schemas";

// Admin management of AWS accounts and role mappings. Every change is audited with what
// changed, so "who let group X use role Y" always has an answer.

const accountSelect = { id: true, accountId: true, name: true, description: true, inventoryRoleArn: true } as const;
const roleSelect = {
  id: true,
  awsAccountId: true,
  roleName: true,
  roleArn: true,
  description: true,
  maxDurationSeconds: true,
  requiresApproval: true,
  allowedGroups: true,
  deliveryMode: true,
  breakGlass: true,
  breakGlassMaxSeconds: true,
  updatedAt: true,
} as const;

function uniqueViolation(error: unknown, message: string): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new ConflictError(message);
  throw error;
}

function accountData(input: AccountInput) {
  return {
    accountId: input.accountId,
    name: input.name,
    description: input.description || null,
    inventoryRoleArn: input.inventoryRoleArn || null,
  };
}

export async function listAccountsWithRoles(caller: Caller) {
  await requirePermission(caller, "accounts.read");
  return db().awsAccount.findMany({
    orderBy: { name: "asc" },
    select: { ...accountSelect, roles: { select: roleSelect, orderBy: { roleName: "asc" } } },
  });
}

export async function createAccount(caller: Caller, raw: AccountInput) {
  await requirePermission(caller, "accounts.manage");
  const input = accountInputSchema.parse(raw);
  return withAudit(caller, "account.create", undefined, async (tx) => {
    const row = await tx.awsAccount
      .create({ data: accountData(input), select: accountSelect })
      .catch((e: unknown) => uniqueViolation(e, `Account ${input.accountId} is already configured.`));
    return {
      value: row,
      target: { type: "aws_account", id: row.accountId },
      details: { name: row.name, inventoryRoleArn: row.inventoryRoleArn },
    };
  });
}

export async function updateAccount(caller: Caller, id: string, raw: AccountInput) {
  await requirePermission(caller, "accounts.manage");
  const input = accountInputSchema.parse(raw);
  const before = await db().awsAccount.findUnique({ where: { id }, select: accountSelect });
  if (!before) throw new NotFoundError("The account");
  return withAudit(caller, "account.update", { type: "aws_account", id: before.accountId }, async (tx) => {
    const row = await tx.awsAccount
      .update({ where: { id }, data: accountData(input), select: accountSelect })
      .catch((e: unknown) => uniqueViolation(e, `Account ${input.accountId} is already configured.`));
    return { value: row, details: { before, after: row } };
  });
}

export async function deleteAccount(caller: Caller, id: string) {
  await requirePermission(caller, "accounts.manage");
  const before = await db().awsAccount.findUnique({ where: { id }, select: { ...accountSelect, _count: { select: { roles: true } } } });
  if (!before) throw new NotFoundError("The account");
  if (before._count.roles > 0) throw new ConflictError(`Remove the ${before._count.roles} role mapping(s) of ${before.name} first.`);
  await withAudit(caller, "account.delete", { type: "aws_account", id: before.accountId }, async (tx) => {
    await tx.awsAccount.delete({ where: { id } });
    return { value: undefined, details: { name: before.name } };
  });
}

async function checkRoleAccount(input: RoleInput) {
  const account = await db().awsAccount.findUnique({ where: { id: input.awsAccountId }, select: { accountId: true } });
  if (!account) throw new ValidationError("The account does not exist.", [{ path: "awsAccountId", message: "Unknown account" }]);
  if (accountIdFromArn(input.roleArn) !== account.accountId) {
    throw new ValidationError(`The role ARN must be in account ${account.accountId}.`, [{ path: "roleArn", message: "Wrong account" }]);
  }
}

function roleData(input: RoleInput) {
  return {
    awsAccountId: input.awsAccountId,
    roleArn: input.roleArn,
    roleName: roleNameFromArn(input.roleArn),
    description: input.description || null,
    maxDurationSeconds: input.maxDurationSeconds,
    // A break-glass role is never usable without a grant: an approved request or an activation.
    requiresApproval: input.requiresApproval || input.breakGlass,
    allowedGroups: [...new Set(input.allowedGroups)],
    deliveryMode: input.deliveryMode,
    breakGlass: input.breakGlass,
    breakGlassMaxSeconds: input.breakGlassMaxSeconds,
  };
}

export async function createRole(caller: Caller, raw: RoleInput) {
  await requirePermission(caller, "roles.manage");
  const input = roleInputSchema.parse(raw);
  await checkRoleAccount(input);
  return withAudit(caller, "role_mapping.create", undefined, async (tx) => {
    const row = await tx.awsRole
      .create({ data: roleData(input), select: roleSelect })
      .catch((e: unknown) => uniqueViolation(e, "That role is already mapped."));
    return { value: row, target: { type: "aws_role", id: row.roleArn }, details: { after: roleData(input) } };
  });
}

export async function updateRole(caller: Caller, id: string, raw: RoleInput) {
  await requirePermission(caller, "roles.manage");
  const input = roleInputSchema.parse(raw);
  const before = await db().awsRole.findUnique({ where: { id }, select: roleSelect });
  if (!before) throw new NotFoundError("The role mapping");
  await checkRoleAccount(input);
  return withAudit(caller, "role_mapping.update", { type: "aws_role", id: before.roleArn }, async (tx) => {
    const row = await tx.awsRole
      .update({ where: { id }, data: roleData(input), select: roleSelect })
      .catch((e: unknown) => uniqueViolation(e, "That role is already mapped."));
    const { updatedAt: _b, ...b } = before;
    const { updatedAt: _a, ...a } = row;
    return { value: row, details: { before: b, after: a } };
  });
}

export async function deleteRole(caller: Caller, id: string) {
  await requirePermission(caller, "roles.manage");
  const before = await db().awsRole.findUnique({ where: { id }, select: roleSelect });
  if (!before) throw new NotFoundError("The role mapping");
  await withAudit(caller, "role_mapping.delete", { type: "aws_role", id: before.roleArn }, async (tx) => {
    await tx.awsRole.delete({ where: { id } });
    const { updatedAt: _u, ...b } = before;
    return { value: undefined, details: { before: b } };
  });
}
