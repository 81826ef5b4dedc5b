import type { Metadata } from "next";
import { ActionButton } from "@/components/approvals/action-button";
import { RulesEditor, type EditorRule } from "@/components/approvals/rules-editor";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/relative-time";
import { listGrants } from "@/lib/approvals/grants";
import { rulesOverview } from "@/lib/approvals/rule-summaries";
import type { RuleView } from "@/lib/approvals/rule-schemas";
import { listRules } from "@/lib/approvals/approver-rules";
import { requirePagePermission } from "@/lib/auth/current";
import { createRuleAction, deleteRuleAction, revokeGrantAction, updateRuleAction } from "./actions";

export const metadata: Metadata = { title: "Approval rules & grants" };

const TIER = { role: "rule for this role", account: "account rule", global: "global rule", none: "no rule: admins" } as const;
const TIER_TONE = { role: "violet", account: "blue", global: "neutral", none: "amber" } as const;

function toEditor(r: RuleView): EditorRule {
  const s = r.scope;
  return {
    id: r.id,
    scope: s.type === "role" ? `role:${s.roleId}` : s.type === "account" ? `account:${s.accountId}` : "global",
    scopeLabel: s.type === "role" ? `${s.roleName} in ${s.accountName}` : s.type === "account" ? `All of ${s.accountName}` : "Everything",
    scopeType: s.type,
    kind: r.kind ?? "",
    requesterGroups: r.requesterGroups,
    approverGroups: r.approverGroups,
  };
}

const ORDER = { role: 0, account: 1, global: 2 } as const;

export default async function AdminApprovalsPage() {
  const caller = await requirePagePermission("settings.manage");
  const [rules, overview, grants] = await Promise.all([listRules(caller), rulesOverview(caller), listGrants(caller, "all")]);
  const editorRules = rules
    .map(toEditor)
    .sort((a, b) => ORDER[a.scopeType] - ORDER[b.scopeType] || a.scopeLabel.localeCompare(b.scopeLabel));
  return (
    <>
      <PageHeader
        title="Approval rules & grants"
        description="Who may request which role or account, who approves it, and the time-bound access in force right now."
      />
      <section className="space-y-3" aria-labelledby="summary-heading">
        <h2 id="summary-heading" className="text-sm font-semibold">
          What the rules come to
        </h2>
        <Card className="divide-y divide-slate-100">
          {overview.summaries.map((s) => (
            <div key={s.key} className="flex flex-wrap items-center gap-2 px-4 py-2.5 text-sm" data-testid={`summary-${s.name}`}>
              <span className="min-w-0 flex-1">{s.text}</span>
              {s.breakGlass ? <Badge tone="red">break-glass</Badge> : null}
              <span className="text-xs text-slate-500">{s.account}</span>
              <Badge tone={TIER_TONE[s.tier]}>{TIER[s.tier]}</Badge>
            </div>
          ))}
        </Card>
      </section>
      <section className="mt-10 space-y-3" aria-labelledby="rules-heading">
        <h2 id="rules-heading" className="text-sm font-semibold">
          Rules
        </h2>
        <p className="text-sm text-slate-600">
          For each request, only the most specific rules apply: those for its role, else for its account, else the global ones. Approvers
          must also be managers. Admins may always decide, a request no rule covers goes to admins only, and nobody decides their own.
          People a rule does not name as requesters cannot request.
        </p>
        <RulesEditor
          rules={editorRules}
          scopes={overview.scopes}
          suggestions={overview.groups}
          actions={{ create: createRuleAction, update: updateRuleAction, remove: deleteRuleAction }}
        />
      </section>
      <section className="mt-10 space-y-3">
        <h2 className="text-sm font-semibold">Active grants</h2>
        {grants.length === 0 ? (
          <p className="text-sm text-slate-500">No time-bound access in force.</p>
        ) : (
          <Card className="divide-y divide-slate-100">
            {grants.map((g) => (
              <div key={g.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm" data-testid={`grant-${g.user.email}`}>
                <div className="min-w-0 flex-1">
                  <p className="font-medium">
                    {g.user.email} → {g.awsRole.roleName} in {g.awsRole.account.name}{" "}
                    {g.breakGlass ? <Badge tone="red">break-glass</Badge> : null}
                  </p>
                  <p className="text-xs text-slate-500">until {formatDateTime(g.expiresAt)}</p>
                </div>
                <ActionButton
                  id={g.id}
                  label="Revoke now"
                  variant="danger"
                  confirm={`Revoke ${g.user.email}'s access now?`}
                  action={revokeGrantAction}
                />
              </div>
            ))}
          </Card>
        )}
      </section>
    </>
  );
}
