"use client";

import { useActionState, useState } from "react";
import { TargetSettingsFields, TargetTypeSelect } from "@/components/integrations/target-settings-fields";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { FormFooter } from "@/components/ui/form-fields";
import { fieldError } from "@/components/ui/form-status";
import { formatDateTime } from "@/components/ui/relative-time";
import type { ActionResult } from "@/lib/actions/result";
import type { TargetOption, TargetType } from "@/lib/targets";

export type IntegrationFormValues = {
  id: string;
  name: string;
  accountId: string;
  iamUserName: string;
  targetType: TargetType;
  targetSettings: Record<string, unknown>;
  token: { set: boolean; setAt: Date | null };
  rotationIntervalDays: number;
  graceSeconds: number;
  ownerEmail: string;
  /** The owner's access ended: the field asks for someone else. */
  ownerNeedsReplacementAt?: Date | null;
  enabled: boolean;
};

function graceParts(seconds: number): { amount: number; unit: "minutes" | "hours" | "days" } {
  if (seconds > 0 && seconds % 86_400 === 0) return { amount: seconds / 86_400, unit: "days" };
  if (seconds % 3600 === 0) return { amount: seconds / 3600, unit: "hours" };
  return { amount: Math.round((seconds / 60) * 100) / 100, unit: "minutes" };
}

/** Create or edit an integration. The token is write-only: an edit shows only when it was set. */
export function IntegrationForm({
  integration,
  accounts,
  targets,
  action,
}: {
  integration?: IntegrationFormValues;
  accounts: { accountId: string; name: string }[];
  targets: TargetOption[];
  action: (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
}) {
  const [result, formAction, pending] = useActionState(action, null);
  const [type, setType] = useState<TargetType>(integration?.targetType ?? "github");
  const [replacingToken, setReplacingToken] = useState(!integration?.token.set);
  const target = targets.find((t) => t.type === type);
  const grace = graceParts(integration?.graceSeconds ?? 86_400);
  const err = (name: string) => fieldError(result, name);
  // A refusal for the token (the endpoint changed: a new one is needed) opens the field.
  const keepToken = integration && integration.targetType === type && integration.token.set && !replacingToken && !err("targetToken");

  return (
    <form action={formAction} className="space-y-6">
      {integration ? <input type="hidden" name="id" value={integration.id} /> : null}
      <Card className="grid gap-4 p-5 sm:grid-cols-2">
        <h2 className="text-sm font-semibold sm:col-span-2">Who uses the key</h2>
        <Field label="Name" htmlFor="name" error={err("name")}>
          <Input id="name" name="name" required maxLength={80} defaultValue={integration?.name} placeholder="deploy-bot (GitHub Actions)" />
        </Field>
        <Field
          label="Owner email"
          htmlFor="ownerEmail"
          hint={
            integration?.ownerNeedsReplacementAt ? (
              <span className="font-medium text-amber-800">
                Needs a new owner: {integration.ownerEmail}&apos;s access to Keyless ended. Name someone who is alerted when a rotation
                fails.
              </span>
            ) : (
              "Alerted when a rotation fails."
            )
          }
          error={err("ownerEmail")}
        >
          <Input
            id="ownerEmail"
            name="ownerEmail"
            type="email"
            required
            defaultValue={integration?.ownerEmail}
            placeholder="team@example.com"
          />
        </Field>
        <Field label="AWS account" htmlFor="accountId" error={err("accountId")}>
          <Select id="accountId" name="accountId" required defaultValue={integration?.accountId}>
            {accounts.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {a.name} ({a.accountId})
              </option>
            ))}
          </Select>
        </Field>
        <Field label="IAM user" htmlFor="iamUserName" hint="Must exist, with one active access key." error={err("iamUserName")}>
          <Input
            id="iamUserName"
            name="iamUserName"
            required
            maxLength={64}
            defaultValue={integration?.iamUserName}
            placeholder="deploy-bot"
          />
        </Field>
      </Card>

      <Card className="grid gap-4 p-5 sm:grid-cols-2">
        <h2 className="text-sm font-semibold sm:col-span-2">Where the key goes</h2>
        <TargetTypeSelect label="Target" targets={targets} value={type} onChange={setType} error={err("targetType")} />
        <div className="hidden sm:block" />
        <TargetSettingsFields
          key={type}
          fields={target?.fields ?? []}
          values={integration?.targetType === type ? integration.targetSettings : {}}
          error={err}
        />
        {target?.requiresToken ? (
          <div className="sm:col-span-2">
            {keepToken ? (
              <Field
                label={target.tokenLabel ?? "Token"}
                hint="Valid only for the endpoint it was given for: changing the URL, owner, repository or project needs a new one."
              >
                <div className="flex items-center gap-3 text-sm text-slate-700">
                  <span className="font-mono">••••••••</span>
                  <span className="text-slate-500">
                    set {integration.token.setAt ? formatDateTime(new Date(integration.token.setAt)) : ""}
                  </span>
                  <Button size="sm" variant="secondary" onClick={() => setReplacingToken(true)}>
                    Replace
                  </Button>
                </div>
              </Field>
            ) : (
              <Field
                label={target.tokenLabel ?? "Token"}
                htmlFor="targetToken"
                hint="Stored encrypted; never shown again after saving."
                error={err("targetToken")}
              >
                <Input
                  id="targetToken"
                  name="targetToken"
                  type="password"
                  autoComplete="off"
                  required={!integration || integration.targetType !== type}
                />
              </Field>
            )}
          </div>
        ) : (
          <p className="text-sm text-slate-600 sm:col-span-2">
            No token: Keyless writes with the role it assumes in the integration&apos;s account.
          </p>
        )}
      </Card>

      <Card className="grid gap-4 p-5 sm:grid-cols-2">
        <h2 className="text-sm font-semibold sm:col-span-2">When</h2>
        <Field label="Rotate every (days)" htmlFor="rotationIntervalDays" error={err("rotationIntervalDays")}>
          <Input
            id="rotationIntervalDays"
            name="rotationIntervalDays"
            type="number"
            min={1}
            max={365}
            required
            defaultValue={integration?.rotationIntervalDays ?? 90}
          />
        </Field>
        <Field label="Grace period before the old key is deleted" htmlFor="graceAmount" error={err("graceSeconds")}>
          <div className="flex gap-2">
            <Input
              id="graceAmount"
              name="graceAmount"
              type="number"
              min={0}
              step="any"
              required
              defaultValue={grace.amount}
              className="w-28"
            />
            <Select name="graceUnit" defaultValue={grace.unit} aria-label="Grace period unit" className="w-32">
              <option value="minutes">minutes</option>
              <option value="hours">hours</option>
              <option value="days">days</option>
            </Select>
          </div>
        </Field>
        {integration ? (
          <label className="flex items-center gap-2 text-sm sm:col-span-2">
            <input type="checkbox" name="enabled" defaultChecked={integration.enabled} className="size-4 rounded border-slate-300" />
            Rotate on schedule (enabled)
          </label>
        ) : null}
      </Card>

      <FormFooter
        result={result}
        pending={pending}
        submit={integration ? "Save integration" : "Create integration"}
        cancel={{ href: integration ? `/integrations/${integration.id}` : "/integrations" }}
      />
    </form>
  );
}
