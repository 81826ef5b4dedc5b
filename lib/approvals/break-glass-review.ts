import "server-only";
import { breakGlassReviewSchema, canReview } from "@/lib/approvals/break-glass-logic";
import { grantSelect, type GrantView } from "@/lib/approvals/grants";
import type { Target } from "@/lib/approvals/approver-rules-match";
import { loadRules } from "@/lib/approvals/approver-rules";
import { auditRefusal, withAudit } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";

// The post-hoc review of break-glass uses: a manager who approves the role, or an admin,
// other than the person who used it, acknowledges each use with a comment. Until then the
// use is listed on the dashboard and the approvals page.

const targetOf = (g: GrantView): Target => ({ kind: "ROLE_ACCESS", awsRoleId: g.awsRole.id, awsAccountId: g.awsRole.awsAccountId });

/** Uses awaiting a review this person may give (oldest last), for the dashboard. */
export async function listBreakGlassToReview(caller: UserCaller): Promise<GrantView[]> {
  await requirePermission(caller, "grants.review");
  const [rows, rules] = await Promise.all([
    db().grant.findMany({ where: { breakGlass: true, reviewedAt: null }, select: grantSelect, orderBy: { startsAt: "desc" }, take: 200 }),
    loadRules(),
  ]);
  return rows.filter((g) => canReview(caller, { userId: g.user.id, breakGlass: true, reviewedAt: null }, targetOf(g), rules).ok);
}

export async function reviewBreakGlass(caller: UserCaller, grantId: string, raw: { comment: string }): Promise<GrantView> {
  await requirePermission(caller, "grants.review");
  const input = breakGlassReviewSchema.parse(raw);
  const grant = await db().grant.findUnique({ where: { id: grantId }, select: grantSelect });
  if (!grant?.breakGlass) throw new NotFoundError("The break-glass use");
  const refuse = async (reason: string, error: Error) => {
    await auditRefusal(caller, "grant.review", { target: { type: "grant", id: grantId }, details: { reason } });
    throw error;
  };
  if (grant.reviewedAt) {
    const by = grant.reviewedBy?.email ?? "someone";
    await refuse("already reviewed", new ConflictError(`This break-glass use was already reviewed by ${by}.`));
  }
  const eligibility = canReview(caller, { userId: grant.user.id, breakGlass: true, reviewedAt: null }, targetOf(grant), await loadRules());
  if (!eligibility.ok) await refuse(eligibility.reason, new ForbiddenError(eligibility.reason));
  return withAudit(caller, "grant.review", { type: "grant", id: grantId }, async (tx) => {
    // Conditional, so two reviewers at once give one review and a clear 409 for the other.
    const { count } = await tx.grant.updateMany({
      where: { id: grantId, breakGlass: true, reviewedAt: null, userId: { not: caller.userId } },
      data: { reviewedAt: new Date(), reviewedById: caller.userId, reviewComment: input.comment },
    });
    if (count !== 1) throw new ConflictError("This break-glass use was already reviewed.");
    return {
      value: await tx.grant.findUniqueOrThrow({ where: { id: grantId }, select: grantSelect }),
      details: { user: grant.user.email, roleArn: grant.awsRole.roleArn, comment: input.comment, via: caller.via },
    };
  });
}
