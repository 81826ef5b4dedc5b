import { z } from "zod";
import type { GrantView } from "@/lib/approvals/grants";
import type { RequestView } from "@/lib/approvals/requests";
import { riskSchema, type Risk } from "@/lib/approvals/risk-types";

/** The stored analysis, or null when there is none (not analysed yet) or it is not one. */
export function storedRisk(value: unknown): Risk | null {
  const parsed = riskSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const iso = z.string().describe("ISO 8601 time");

/** What the API returns for a request (OpenAPI documents it from this). */
export const requestDtoSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["ROLE_ACCESS", "EXTERNAL_ACCESS"]),
    status: z.string().describe("PENDING, APPROVED, DENIED, EXPIRED, CANCELLED, PROVISIONING, PROVISIONED or FAILED"),
    requester: z.string().describe("The requester's email"),
    justification: z.string(),
    createdAt: iso,
    expiresAt: iso,
    decidedBy: z.string().nullable(),
    decidedAt: iso.nullable(),
    comment: z.string().nullable(),
    role: z.object({ id: z.string(), roleArn: z.string(), accountId: z.string() }).nullable(),
    durationSeconds: z.number().int().nullable(),
    grant: z.object({ id: z.string(), expiresAt: iso, revoked: z.boolean() }).nullable(),
    service: z
      .object({
        name: z.string(),
        accountId: z.string().nullable(),
        targetType: z.string().nullable(),
        managedPolicyArns: z.array(z.string()),
        inlinePolicy: z.unknown().describe("The inline IAM policy document, if any"),
        owner: z.string().nullable(),
        integrationId: z.string().nullable(),
      })
      .nullable(),
    provisioning: z.unknown().describe("What provisioning did, step by step (external access)"),
    approvals: z
      .array(z.object({ by: z.string().describe("The approver's email"), at: iso }))
      .describe("Approvals so far: a high or critical request needs an admin's or two approvers' before it takes effect"),
    risk: riskSchema
      .nullable()
      .describe("The policy analysis: level, reasons, expanded action counts. null = not analysed yet: treat as dangerous."),
  })
  .meta({ id: "AccessRequest" });

export type RequestDto = z.infer<typeof requestDtoSchema>;

/** The API's view of a request: plain JSON, no internal ids beyond what clients need. */
export function toRequestDto(r: RequestView): RequestDto {
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
    risk: storedRisk(r.risk),
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
