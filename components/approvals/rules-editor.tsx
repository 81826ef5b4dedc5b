"use client";

import { Pencil } from "lucide-react";
import { useCallback, useState } from "react";
import { ActionButton } from "@/components/approvals/action-button";
import { RuleForm, type RuleFormValues, type ScopeOption } from "@/components/approvals/rule-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { ActionResult } from "@/lib/actions/result";

type Act = (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
export type EditorRule = RuleFormValues & { scopeLabel: string; scopeType: "global" | "account" | "role" };

const KIND = { ROLE_ACCESS: "role access", EXTERNAL_ACCESS: "external-service" } as const;
const TIER_TONE = { role: "violet", account: "blue", global: "neutral" } as const;

function Groups({ groups }: { groups: string[] }) {
  return (
    <>
      {groups.map((g) => (
        <Badge key={g} tone={g === "*" ? "neutral" : "blue"} className="mr-1">
          {g === "*" ? "anyone" : g}
        </Badge>
      ))}
    </>
  );
}

function RuleRow({
  rule,
  scopes,
  suggestions,
  actions,
}: {
  rule: EditorRule;
  scopes: ScopeOption[];
  suggestions: string[];
  actions: { update: Act; remove: Act };
}) {
  const [editing, setEditing] = useState(false);
  const close = useCallback(() => setEditing(false), []);
  if (editing) {
    return (
      <div className="bg-slate-50/60 px-4 py-4">
        <RuleForm action={actions.update} scopes={scopes} suggestions={suggestions} rule={rule} onDone={close} />
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm" data-testid={`rule-${rule.id}`}>
      <Badge tone={TIER_TONE[rule.scopeType]}>{rule.scopeLabel}</Badge>
      <span className="min-w-0 flex-1 leading-7">
        {rule.kind ? `${KIND[rule.kind as keyof typeof KIND]} requests` : "Requests"} from <Groups groups={rule.requesterGroups} /> are
        approved by <Groups groups={rule.approverGroups} />
      </span>
      <Button variant="ghost" size="sm" onClick={() => setEditing(true)} aria-label={`Edit the rule for ${rule.scopeLabel}`}>
        <Pencil className="size-3.5" aria-hidden /> Edit
      </Button>
      <ActionButton id={rule.id} label="Remove" confirm={`Remove this rule for ${rule.scopeLabel}?`} action={actions.remove} />
    </div>
  );
}

export function RulesEditor({
  rules,
  scopes,
  suggestions,
  actions,
}: {
  rules: EditorRule[];
  scopes: ScopeOption[];
  suggestions: string[];
  actions: { create: Act; update: Act; remove: Act };
}) {
  return (
    <Card className="divide-y divide-slate-100">
      {rules.map((r) => (
        <RuleRow key={r.id} rule={r} scopes={scopes} suggestions={suggestions} actions={actions} />
      ))}
      {rules.length === 0 ? (
        <p className="px-4 py-4 text-sm text-slate-500">No rules: anyone may request, and only admins approve.</p>
      ) : null}
      <div className="px-4 py-4">
        <h3 className="mb-3 text-sm font-semibold">Add a rule</h3>
        <RuleForm action={actions.create} scopes={scopes} suggestions={suggestions} />
      </div>
    </Card>
  );
}
