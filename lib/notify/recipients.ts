import "server-only";
import { approverGroupsFor, canDecide } from "@/lib/approvals/rules";
import { loadRules } from "@/lib/approvals/rules-store";
import { rolesFromGroups } from "@/lib/auth/roles";
import { roleMapping } from "@/lib/auth/session";
import { db } from "@/lib/db";

export type Recipient = { email: string; name: string | null; why: "requester" | "approver" };

/** Everyone who may decide this request (never the requester, never someone whose access ended). */
export async function eligibleApprovers(request: {
  kind: "ROLE_ACCESS" | "EXTERNAL_ACCESS";
  requester: { id: string; groups: string[] };
}): Promise<Recipient[]> {
  const rules = await loadRules();
  const decidable = { requesterId: request.requester.id, requesterGroups: request.requester.groups, kind: request.kind };
  const mapping = roleMapping();
  const groups = [...approverGroupsFor(decidable, rules), ...mapping.adminGroups];
  if (groups.length === 0) return [];
  const candidates = await db().user.findMany({
    // People whose access ended decide nothing, so they are not asked.
    where: { groups: { hasSome: groups }, status: "active" },
    select: { id: true, email: true, name: true, groups: true },
  });
  return candidates
    .filter((u) => canDecide({ userId: u.id, groups: u.groups, roles: rolesFromGroups(u.groups, mapping) }, decidable, rules).ok)
    .map((u) => ({ email: u.email, name: u.name, why: "approver" as const }));
}
