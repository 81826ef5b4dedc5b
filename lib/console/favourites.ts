import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import {
  addConsoleFavouriteSchema,
  consoleFavouriteIdSchema,
  MAX_FAVOURITES,
  type ConsoleFavouriteView,
} from "@/lib/console/favourite-schemas";
import { findConsoleService } from "@/lib/console/services";
import { db } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";

// Console favourites: a person's own one-click console pages (role, service, region). Every
// query is scoped to the caller, so another person's favourite is a 404, never a 403 that
// would confirm it exists. Opening one goes through POST /api/v1/console-url like any link,
// so a favourite never grants more than the role already does.

const view = { id: true, roleId: true, service: true, region: true, label: true } as const;

export async function listConsoleFavourites(caller: UserCaller): Promise<ConsoleFavouriteView[]> {
  await requirePermission(caller, "console.open");
  return db().consoleFavourite.findMany({ where: { userId: caller.userId }, select: view, orderBy: { createdAt: "asc" } });
}

export async function addConsoleFavourite(caller: UserCaller, raw: unknown): Promise<ConsoleFavouriteView> {
  await requirePermission(caller, "console.open");
  const input = addConsoleFavouriteSchema.parse(raw);
  // Only a role mapped to the person's groups: another role is "not found", as in the API.
  const role = await db().awsRole.findFirst({
    where: { id: input.roleId, allowedGroups: { hasSome: caller.groups } },
    select: { id: true, roleArn: true, roleName: true, account: { select: { name: true } } },
  });
  if (!role) throw new NotFoundError("The role");
  const service = findConsoleService(input.service);
  const label = input.label ?? `${service?.name ?? input.service} · ${input.region} · ${role.account.name}/${role.roleName}`;
  const key = { userId: caller.userId, roleId: role.id, service: input.service, region: input.region };

  return withAudit(caller, "console.favourite.add", { type: "aws_role", id: role.roleArn }, async (tx) => {
    const existing = await tx.consoleFavourite.findUnique({ where: { userId_roleId_service_region: key }, select: view });
    if (existing) return { value: existing, unchanged: true };
    const count = await tx.consoleFavourite.count({ where: { userId: caller.userId } });
    if (count >= MAX_FAVOURITES) {
      throw new ConflictError(`You have ${MAX_FAVOURITES} console favourites, the most one person may keep: remove one first.`);
    }
    const created = await tx.consoleFavourite.create({ data: { ...key, label }, select: view });
    return { value: created, details: { favouriteId: created.id, service: input.service, region: input.region } };
  });
}

export async function removeConsoleFavourite(caller: UserCaller, raw: unknown): Promise<void> {
  await requirePermission(caller, "console.open");
  const { id } = consoleFavouriteIdSchema.parse(raw);
  const row = await db().consoleFavourite.findFirst({
    where: { id, userId: caller.userId },
    select: { id: true, service: true, region: true, role: { select: { roleArn: true } } },
  });
  if (!row) throw new NotFoundError("The favourite");
  await withAudit(caller, "console.favourite.remove", { type: "aws_role", id: row.role.roleArn }, async (tx) => {
    await tx.consoleFavourite.deleteMany({ where: { id: row.id, userId: caller.userId } });
    return { value: undefined, details: { favouriteId: row.id, service: row.service, region: row.region } };
  });
}
