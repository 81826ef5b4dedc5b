import type { Role } from "@/lib/permissions";

// Approver rules, pure. A rule says who may request and who approves, for one role, one
// account or everything, optionally for one kind of request. Only the most specific scope
// that has rules for the request applies (role > account > everything), so a rule on a role
// replaces, rather than adds to, the account's and the global ones. No applicable rule: only
// admins decide. Admins may always decide; the requester never may (AWS TEAM issue 81).

export type RequestKindName = "ROLE_ACCESS" | "EXTERNAL_ACCESS";
/** Scope ids are Keyless's own (aws_roles.id, aws_accounts.id); both null = everything. */
export type Rule = {
  awsRoleId: string | null;
  awsAccountId: string | null;
  kind: RequestKindName | null;
  /** "*" = anyone. */
  requesterGroups: readonly string[];
  approverGroups: readonly string[];
};
/** What a request (or a would-be request) is about: a role's, or an account's for external access. */
export type Target = { kind: RequestKindName; awsRoleId: string | null; awsAccountId: string };
export type Decidable = Target & { requesterId: string; requesterGroups: readonly string[] };
export type Person = { userId: string; groups: readonly string[]; roles: readonly Role[] };
export type Tier = "role" | "account" | "global" | "none";

export const ANYONE = "*";

/** A request as the rules see it: who asks, and for which role or account. */
export function decidable(r: {
  kind: RequestKindName;
  requester: { id: string; groups: string[] };
  awsRole: { id: string; awsAccountId: string } | null;
  account: { id: string } | null;
}): Decidable {
  return {
    requesterId: r.requester.id,
    requesterGroups: r.requester.groups,
    kind: r.kind,
    awsRoleId: r.awsRole?.id ?? null,
    awsAccountId: r.awsRole?.awsAccountId ?? r.account?.id ?? "",
  };
}

const names = (groups: readonly string[], person: readonly string[]) => groups.some((g) => g === ANYONE || person.includes(g));
const union = (lists: (readonly string[])[]) => [...new Set(lists.flat())];

/** The rules that decide for this target: those of the most specific scope that has any. */
export function applicableRules(target: Target, rules: readonly Rule[]): { tier: Tier; rules: Rule[] } {
  const ofKind = rules.filter((r) => r.kind === null || r.kind === target.kind);
  const tiers: [Tier, (r: Rule) => boolean][] = [
    ["role", (r) => target.awsRoleId !== null && r.awsRoleId === target.awsRoleId],
    ["account", (r) => r.awsRoleId === null && r.awsAccountId === target.awsAccountId],
    ["global", (r) => r.awsRoleId === null && r.awsAccountId === null],
  ];
  for (const [tier, inScope] of tiers) {
    const found = ofKind.filter(inScope);
    if (found.length > 0) return { tier, rules: found };
  }
  return { tier: "none", rules: [] };
}

export type RequestEligibility = { ok: true; tier: Tier } | { ok: false; tier: Tier; requesterGroups: string[] };

/** Whether someone in these groups may request this. With no rule, anyone may (admins decide). */
export function canRequest(groups: readonly string[], target: Target, rules: readonly Rule[]): RequestEligibility {
  const { tier, rules: applicable } = applicableRules(target, rules);
  if (tier === "none" || applicable.some((r) => names(r.requesterGroups, groups))) return { ok: true, tier };
  return { ok: false, tier, requesterGroups: union(applicable.map((r) => r.requesterGroups)) };
}

/** Groups whose managers decide this person's request: the applicable rules that name them as requesters. */
export function approverGroupsFor(request: Decidable, rules: readonly Rule[]): string[] {
  const { rules: applicable } = applicableRules(request, rules);
  return union(applicable.filter((r) => names(r.requesterGroups, request.requesterGroups)).map((r) => r.approverGroups));
}

/** Every approver group of a role or account, whoever asks (break-glass notices and reviews). */
export function approverGroupsOf(target: Target, rules: readonly Rule[]): string[] {
  return union(applicableRules(target, rules).rules.map((r) => r.approverGroups));
}

export type Eligibility = { ok: true; via: "rule" | "admin" } | { ok: false; reason: string };

/** Managers in an approver group of the applicable rules decide; admins always may; the requester never. */
export function canDecide(person: Person, request: Decidable, rules: readonly Rule[]): Eligibility {
  if (person.userId === request.requesterId) return { ok: false, reason: "Nobody may decide their own request." };
  return eligibleApprover(person, approverGroupsFor(request, rules));
}

export function eligibleApprover(person: Person, approverGroups: readonly string[]): Eligibility {
  if (person.roles.includes("manager") && person.groups.some((g) => approverGroups.includes(g))) return { ok: true, via: "rule" };
  if (person.roles.includes("admin")) return { ok: true, via: "admin" };
  return { ok: false, reason: "You are not an approver for this: the approval rules name other groups." };
}

export type RuleSummary = { tier: Tier; lines: { requesters: string[]; approvers: string[] }[] };

/** Who requests and who approves, in the words an admin reads on the rules page. */
export function summarize(target: Target, rules: readonly Rule[]): RuleSummary {
  const { tier, rules: applicable } = applicableRules(target, rules);
  return { tier, lines: applicable.map((r) => ({ requesters: [...r.requesterGroups], approvers: [...r.approverGroups] })) };
}

const groupList = (groups: readonly string[]) => (groups.includes(ANYONE) ? "anyone" : groups.join(", "));

/** "ProductionDeploy: requested by engineering; approved by eng-managers". */
export function describeSummary(name: string, summary: RuleSummary): string {
  if (summary.lines.length === 0) return `${name}: requested by anyone; approved by admins only (no rule applies)`;
  return `${name}: ${summary.lines.map((l) => `requested by ${groupList(l.requesters)}; approved by ${groupList(l.approvers)}`).join(" · ")}`;
}
