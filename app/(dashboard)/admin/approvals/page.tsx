import type { Metadata } from "next";
import { ActionButton } from "@/components/approvals/action-button";
import { RuleForm } from "@/components/approvals/rule-form";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/relative-time";
import { listGrants } from "@/lib/approvals/grants";
import { listRules } from "@/lib/approvals/rules-store";
import { requirePagePermission } from "@/lib/auth/current";
import { createRuleAction, deleteRuleAction, revokeGrantAction } from "./actions";

export const metadata: Metadata = { title: "Approval rules & grants" };

export default async function AdminApprovalsPage() {
  const caller = await requirePagePermission("settings.manage");
  const [rules, grants] = await Promise.all([listRules(caller), listGrants(caller, "all")]);
  return (
    <>
      <PageHeader
        title="Approval rules & grants"
        description="Who approves which requests, and the time-bound access in force right now."
      />
      <section className="space-y-3">
        <h2 className="text-sm font-semibold">Rules</h2>
        <p className="text-sm text-slate-600">
          Members of the approver groups (with the manager role) decide requests from the requester group. Admins may always decide; nobody
          decides their own.
        </p>
        <Card className="divide-y divide-slate-100">
          {rules.map((r) => (
            <div key={r.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
              <span>
                Requests{" "}
                {r.kind ? <Badge tone="violet">{r.kind === "ROLE_ACCESS" ? "role access" : "external service"}</Badge> : "of any kind"} from{" "}
                <Badge>{r.requesterGroup === "*" ? "anyone" : r.requesterGroup}</Badge> are decided by{" "}
                {r.approverGroups.map((g) => (
                  <Badge key={g} tone="blue" className="mr-1">
                    {g}
                  </Badge>
                ))}
              </span>
              <span className="flex-1" />
              <ActionButton id={r.id} label="Remove" confirm="Remove this rule?" action={deleteRuleAction} />
            </div>
          ))}
          {rules.length === 0 ? <p className="px-4 py-4 text-sm text-slate-500">No rules: only admins can approve.</p> : null}
          <div className="px-4 py-4">
            <RuleForm action={createRuleAction} />
          </div>
        </Card>
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
                    {g.user.email} → {g.awsRole.roleName} in {g.awsRole.account.name}
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
