import type { GrantView } from "@/lib/approvals/grants";
import type { RequestView } from "@/lib/approvals/requests";

/** The API's view of a request: plain JSON, no internal ids beyond what clients need. */
export function toRequestDto(r: RequestView) {
  const grant = r.grants[0];
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    requester: r.requester.email,
    justification: r.justification,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    decidedBy: r.decidedBy?.email ?? null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    comment: r.decisionComment,
    role: r.awsRole ? { id: r.awsRole.id, roleArn: r.awsRole.roleArn, accountId: r.awsRole.account.accountId } : null,
    durationSeconds: r.durationSeconds,
    grant: grant ? { id: grant.id, expiresAt: grant.expiresAt.toISOString(), revoked: grant.revokedAt !== null } : null,
    service: r.serviceName
      ? {
          name: r.serviceName,
          accountId: r.account?.accountId ?? null,
          targetType: r.targetType,
          managedPolicyArns: r.managedPolicyArns,
          inlinePolicy: r.inlinePolicy,
          owner: r.ownerEmail,
          integrationId: r.integrationId,
        }
      : null,
    provisioning: r.provisioning,
    approvals: r.approvals.map((a) => ({ by: a.user.email, at: a.at.toISOString() })),
  };
}

/** The API's view of a grant: approved or break-glass, and for break-glass its review. */
export function toGrantDto(g: GrantView) {
  return {
    id: g.id,
    user: g.user.email,
    roleId: g.awsRole.id,
    roleName: g.awsRole.roleName,
    roleArn: g.awsRole.roleArn,
    accountId: g.awsRole.account.accountId,
    accountName: g.awsRole.account.name,
    startsAt: g.startsAt.toISOString(),
    expiresAt: g.expiresAt.toISOString(),
    revokedAt: g.revokedAt?.toISOString() ?? null,
    requestId: g.requestId,
    breakGlass: g.breakGlass,
    justification: g.justification,
    awaitingReview: g.breakGlass && g.reviewedAt === null,
    review: g.reviewedAt ? { by: g.reviewedBy?.email ?? null, at: g.reviewedAt.toISOString(), comment: g.reviewComment } : null,
  };
}
export type GrantDto = ReturnType<typeof toGrantDto>;
