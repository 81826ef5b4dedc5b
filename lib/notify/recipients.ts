import "server-only";
import {
  approverGroupsFor,
  approverGroupsOf,
  canDecide,
  decidable,
  eligibleApprover,
  type Decidable,
  type Person,
  type Target,
} from "@/lib/approvals/approver-rules-match";
import { loadRules } from "@/lib/approvals/approver-rules";
import { needsCarefulApproval, type RiskLevel } from "@/lib/approvals/risk-types";
import { rolesFromGroups } from "@/lib/auth/roles";
import { roleMapping } from "@/lib/auth/session-lookup";
import { db } from "@/lib/db";

export type Recipient = { email: string; name: string | null; why: "requester" | "approver" };

/** Active people in these groups who pass `eligible`. People whose access ended decide nothing, so they are not asked. */
async function peopleIn(groups: string[], eligible: (p: Person) => boolean): Promise<Recipient[]> {
  const mapping = roleMapping();
  const wanted = [...new Set(groups)];
  if (wanted.length === 0) return [];
  const candidates = await db().user.findMany({
    where: { groups: { hasSome: wanted }, status: "active" },
    select: { id: true, email: true, name: true, groups: true },
  });
  return candidates
    .filter((u) => eligible({ userId: u.id, groups: u.groups, roles: rolesFromGroups(u.groups, mapping) }))
    .map((u) => ({ email: u.email, name: u.name, why: "approver" as const }));
}

/**
 * Who is asked to decide: the approvers of the applicable rules; admins when there are none,
 * and also for a request that needs careful approval (high or critical risk, or not analysed:
 * it may take an admin to complete). Never the requester.
 */
export async function eligibleApprovers(request: Decidable, opts: { withAdmins?: boolean } = {}): Promise<Recipient[]> {
  const rules = await loadRules();
  const eligible = (p: Person) => canDecide(p, request, rules).ok;
  const byRule = await peopleIn(approverGroupsFor(request, rules), eligible);
  if (byRule.length > 0 && !opts.withAdmins) return byRule;
  const admins = await peopleIn(roleMapping().adminGroups, eligible);
  return [...new Map([...byRule, ...admins].map((p) => [p.email, p])).values()];
}

/** The approvers of one request, by its id (the notification job). */
export async function approversOfRequest(requestId: string): Promise<Recipient[]> {
  const request = await db().accessRequest.findUnique({
    where: { id: requestId },
    select: {
      kind: true,
      riskLevel: true,
      requester: { select: { id: true, groups: true } },
      awsRole: { select: { id: true, awsAccountId: true } },
      account: { select: { id: true } },
    },
  });
  if (!request) return [];
  return eligibleApprovers(decidable(request), { withAdmins: needsCarefulApproval((request.riskLevel ?? null) as RiskLevel | null) });
}

/** Every approver of a role and every admin, except the person who used it (break-glass). */
export async function roleApprovers(target: Target, exceptUserId: string): Promise<Recipient[]> {
  const rules = await loadRules();
  const groups = approverGroupsOf(target, rules);
  return peopleIn([...groups, ...roleMapping().adminGroups], (p) => p.userId !== exceptUserId && eligibleApprover(p, groups).ok);
}
