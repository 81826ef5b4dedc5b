import type { Role } from "@/lib/permissions";

// Who may decide a request. Members of a matching rule's approver groups may; admins may
// always (the fallback when no rule matches anyone); the requester never may.

export type RequestKindName = "ROLE_ACCESS" | "EXTERNAL_ACCESS";
export type Rule = { requesterGroup: string; kind: RequestKindName | null; approverGroups: string[] };
export type Person = { userId: string; groups: readonly string[]; roles: readonly Role[] };
export type Decidable = { requesterId: string; requesterGroups: readonly string[]; kind: RequestKindName };

export function matchingRules(request: Decidable, rules: readonly Rule[]): Rule[] {
  return rules.filter(
    (r) => (r.kind === null || r.kind === request.kind) && (r.requesterGroup === "*" || request.requesterGroups.includes(r.requesterGroup)),
  );
}

export type Eligibility = { ok: true; via: "rule" | "admin" } | { ok: false; reason: string };

export function canDecide(person: Person, request: Decidable, rules: readonly Rule[]): Eligibility {
  if (person.userId === request.requesterId) return { ok: false, reason: "Nobody may decide their own request." };
  const approverGroups = new Set(matchingRules(request, rules).flatMap((r) => r.approverGroups));
  if (person.roles.includes("manager") && person.groups.some((g) => approverGroups.has(g))) return { ok: true, via: "rule" };
  if (person.roles.includes("admin")) return { ok: true, via: "admin" };
  return { ok: false, reason: "You are not an approver for this request: the approval rules name other groups." };
}

/** Groups whose members are asked to approve (for notifications and the UI). */
export function approverGroupsFor(request: Decidable, rules: readonly Rule[]): string[] {
  return [...new Set(matchingRules(request, rules).flatMap((r) => r.approverGroups))];
}
