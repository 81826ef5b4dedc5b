import "server-only";
import {
  breakGlassActivationSchema,
  checkActivation,
  type ActivationCheck,
  type BreakGlassActivation,
} from "@/lib/approvals/break-glass-logic";
import { grantSelect, type GrantView } from "@/lib/approvals/grants";
import { auditedTransaction, recordAudit } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type AppError } from "@/lib/errors";
import { announce } from "@/lib/notify/announce";

// Break-glass: someone allowed to use a role marked break-glass takes it at once, for the
// role's short duration, saying why. The grant works for issuance like an approved one
// (lib/credentials/roles.ts), and ends like one (expiry, revocation, lib/lifecycle). Every
// approver of the role and every admin is told at once; the use stays "awaiting review"
// until one of them acknowledges it (break-glass-review.ts).

function refusal(check: Exclude<ActivationCheck, { ok: true }>): AppError {
  switch (check.status) {
    case 404:
      return new NotFoundError("The role");
    case 409:
      return new ConflictError(check.reason, { reason: check.code });
    case 422:
      return new ValidationError(check.reason, [{ path: "durationSeconds", message: check.reason }]);
    default:
      return new ForbiddenError(check.reason, { reason: check.code });
  }
}

export async function activateBreakGlass(caller: UserCaller, roleId: string, raw: BreakGlassActivation): Promise<GrantView> {
  await requirePermission(caller, "grants.break-glass");
  const input = breakGlassActivationSchema.parse(raw);
  const role = await db().awsRole.findUnique({
    where: { id: roleId },
    select: { id: true, roleArn: true, breakGlass: true, breakGlassMaxSeconds: true, allowedGroups: true },
  });
  if (!role) throw new NotFoundError("The role");
  const outcome = await auditedTransaction(async (tx) => {
    // The same lock as an approval's grant (decide.ts): one live grant per person and role.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`grant:${caller.userId}:${role.id}`}))`;
    const now = new Date();
    const live = await tx.grant.findFirst({
      where: { userId: caller.userId, awsRoleId: role.id, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { expiresAt: "desc" },
      select: { expiresAt: true, breakGlass: true },
    });
    const check = checkActivation(caller.groups, role, live, input.durationSeconds);
    if (!check.ok) return check;
    const grant = await tx.grant.create({
      data: {
        userId: caller.userId,
        awsRoleId: role.id,
        breakGlass: true,
        justification: input.justification,
        startsAt: now,
        expiresAt: new Date(now.getTime() + check.durationSeconds * 1000),
      },
      select: grantSelect,
    });
    await recordAudit(
      caller,
      {
        action: "grant.break_glass",
        outcome: "success",
        target: { type: "grant", id: grant.id },
        details: {
          roleArn: role.roleArn,
          justification: input.justification,
          durationSeconds: check.durationSeconds,
          expiresAt: grant.expiresAt.toISOString(),
          via: caller.via,
        },
      },
      tx,
    );
    return { ok: true as const, grant };
  });
  if (!outcome.ok) {
    await recordAudit(caller, {
      action: "grant.break_glass",
      outcome: "denied",
      target: { type: "aws_role", id: role.roleArn },
      details: { reason: outcome.code, detail: outcome.reason, justification: input.justification },
    });
    throw refusal(outcome);
  }
  await announce({ event: "grant.break_glass", grantId: outcome.grant.id });
  return outcome.grant;
}
