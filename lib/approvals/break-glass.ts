import "server-only";
import {
  breakGlassActivationSchema,
  checkActivation,
  type ActivationCheck,
  type BreakGlassActivation,
} from "@/lib/approvals/break-glass-logic";
import { grantSelect, type GrantView } from "@/lib/approvals/grants";
import { withAudit } from "@/lib/audit/record";
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
  // Refused under the lock too (a live grant appeared meanwhile): the refusal commits as "denied".
  const outcome = await withAudit<Exclude<ActivationCheck, { ok: true }> | { ok: true; grant: GrantView }>(
    caller,
    "grant.break_glass",
    { type: "aws_role", id: role.roleArn },
    async (tx) => {
      // The same lock as an approval's grant (decide.ts): one live grant per person and role.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`grant:${caller.userId}:${role.id}`}))`;
      const now = new Date();
      const live = await tx.grant.findFirst({
        where: { userId: caller.userId, awsRoleId: role.id, revokedAt: null, expiresAt: { gt: now } },
        orderBy: { expiresAt: "desc" },
        select: { expiresAt: true, breakGlass: true },
      });
      const check = checkActivation(caller.groups, role, live, input.durationSeconds);
      if (!check.ok) {
        const details = { reason: check.code, detail: check.reason, justification: input.justification };
        return { value: check, outcome: "denied" as const, details };
      }
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
      return {
        value: { ok: true as const, grant },
        target: { type: "grant", id: grant.id },
        details: {
          roleArn: role.roleArn,
          justification: input.justification,
          durationSeconds: check.durationSeconds,
          expiresAt: grant.expiresAt.toISOString(),
          via: caller.via,
        },
      };
    },
  );
  if (!outcome.ok) throw refusal(outcome);
  await announce({ event: "grant.break_glass", grantId: outcome.grant.id });
  return outcome.grant;
}
