import "server-only";
import { describeSummary, summarize, type Tier } from "@/lib/approvals/approver-rules-match";
import { loadRules } from "@/lib/approvals/approver-rules";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { roleMapping } from "@/lib/auth/session-lookup";
import { db } from "@/lib/db";

// What the approval rules come to, in plain words, for the admin page: for every role that
// needs approval, and every account's external-service requests, who requests and who
// approves, and which scope that comes from. Also the picker's scopes and known groups.

export type Summary = { key: string; name: string; account: string; tier: Tier; text: string; breakGlass: boolean };
export type ScopeChoice = { value: string; label: string; group: string };

export async function rulesOverview(caller: Caller): Promise<{ summaries: Summary[]; scopes: ScopeChoice[]; groups: string[] }> {
  await requirePermission(caller, "settings.manage");
  const [rules, accounts] = await Promise.all([
    loadRules(),
    db().awsAccount.findMany({
      orderBy: { name: "asc" },
      select: {
        id: true,
        accountId: true,
        name: true,
        roles: {
          orderBy: { roleName: "asc" },
          select: { id: true, roleName: true, requiresApproval: true, breakGlass: true, allowedGroups: true },
        },
      },
    }),
  ]);
  const summaries: Summary[] = [];
  const scopes: ScopeChoice[] = [{ value: "global", label: "Everything (every account and role)", group: "Everywhere" }];
  for (const a of accounts) {
    const group = `${a.name} (${a.accountId})`;
    scopes.push({ value: `account:${a.accountId}`, label: `All of ${a.name}`, group });
    for (const r of a.roles) {
      scopes.push({ value: `role:${r.id}`, label: `Role ${r.roleName}`, group });
      if (!r.requiresApproval) continue;
      const s = summarize({ kind: "ROLE_ACCESS", awsRoleId: r.id, awsAccountId: a.id }, rules);
      summaries.push({
        key: r.id,
        name: r.roleName,
        account: a.name,
        tier: s.tier,
        text: describeSummary(r.roleName, s),
        breakGlass: r.breakGlass,
      });
    }
    const external = summarize({ kind: "EXTERNAL_ACCESS", awsRoleId: null, awsAccountId: a.id }, rules);
    summaries.push({
      key: `external:${a.id}`,
      name: "External services",
      account: a.name,
      tier: external.tier,
      text: describeSummary(`External services in ${a.name}`, external),
      breakGlass: false,
    });
  }
  const mapping = roleMapping();
  const groups = new Set([
    ...accounts.flatMap((a) => a.roles.flatMap((r) => r.allowedGroups)),
    ...rules.flatMap((r) => [...r.requesterGroups, ...r.approverGroups]),
    ...mapping.managerGroups,
    ...mapping.adminGroups,
  ]);
  groups.delete("*");
  return { summaries, scopes, groups: [...groups].sort() };
}
