"use client";

import { useActionState, useState } from "react";
import { TargetSettingsFields, TargetTypeSelect } from "@/components/integrations/target-settings-fields";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { fieldError, FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";
import type { TargetOption } from "@/lib/targets";
import type { TargetType } from "@/lib/targets/types";

const EXAMPLE_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["s3:PutObject"], "Resource": "arn:aws:s3:::acme-artifacts/*" }
  ]
}`;

/** Asks for an IAM user and key for a service that cannot assume a role. */
export function ExternalRequestForm({
  accounts,
  targets,
  ownerEmail,
  action,
}: {
  accounts: { accountId: string; name: string }[];
  targets: TargetOption[];
  ownerEmail: string;
  action: (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
}) {
  const [result, formAction, pending] = useActionState(action, null);
  const [type, setType] = useState<TargetType>("github");
  const target = targets.find((t) => t.type === type);
  const err = (name: string) => fieldError(result, name);
  return (
    <form action={formAction} className="space-y-6">
      <Card className="grid gap-4 p-5 sm:grid-cols-2">
        <h2 className="text-sm font-semibold sm:col-span-2">The service</h2>
        <Field label="Service name" htmlFor="serviceName" error={err("serviceName")} hint="What will use the key.">
          <Input id="serviceName" name="serviceName" required maxLength={60} placeholder="GitHub Actions for acme/api" />
        </Field>
        <Field label="AWS account" htmlFor="accountId" error={err("accountId")}>
          <Select id="accountId" name="accountId" required>
            {accounts.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {a.name} ({a.accountId})
              </option>
            ))}
          </Select>
        </Field>
        <TargetTypeSelect
          label="Where the key goes"
          hint="Keyless pushes the key there, and every rotation after it."
          targets={targets}
          value={type}
          onChange={setType}
          error={err("targetType")}
        />
        {target?.requiresToken ? (
          <Field
            label={target.tokenLabel ?? "API token"}
            htmlFor="targetToken"
            error={err("targetToken")}
            hint="Stored encrypted; never shown again."
          >
            <Input id="targetToken" name="targetToken" type="password" autoComplete="off" required />
          </Field>
        ) : (
          <div />
        )}
        <TargetSettingsFields key={type} fields={target?.fields ?? []} values={{}} error={err} />
      </Card>
      <Card className="grid gap-4 p-5">
        <h2 className="text-sm font-semibold">Permissions</h2>
        <Field
          label="Managed policies"
          htmlFor="managedPolicyArns"
          error={err("managedPolicyArns")}
          hint="One ARN per line, e.g. arn:aws:iam::aws:policy/ReadOnlyAccess"
        >
          <Textarea id="managedPolicyArns" name="managedPolicyArns" rows={2} className="font-mono text-xs!" />
        </Field>
        <Field
          label="Inline policy (JSON, optional)"
          htmlFor="inlinePolicy"
          error={err("inlinePolicy")}
          hint="Only what the service needs. Approvers see it spelled out."
        >
          <Textarea id="inlinePolicy" name="inlinePolicy" rows={7} className="font-mono text-xs!" placeholder={EXAMPLE_POLICY} />
        </Field>
      </Card>
      <Card className="grid gap-4 p-5 sm:grid-cols-2">
        <h2 className="text-sm font-semibold sm:col-span-2">Ownership</h2>
        <Field label="Owner" htmlFor="ownerEmail" error={err("ownerEmail")} hint="Told when rotations fail; sees the key in the inventory.">
          <Input id="ownerEmail" name="ownerEmail" type="email" required defaultValue={ownerEmail} />
        </Field>
        <Field label="Rotate every (days)" htmlFor="rotationIntervalDays" error={err("rotationIntervalDays")}>
          <Input id="rotationIntervalDays" name="rotationIntervalDays" type="number" min={1} max={365} defaultValue={90} />
        </Field>
        <div className="sm:col-span-2">
          <Field label="Why does it need AWS access?" htmlFor="justification" error={err("justification")}>
            <Textarea
              id="justification"
              name="justification"
              rows={3}
              required
              minLength={10}
              maxLength={2000}
              placeholder="CI publishes build artifacts to S3"
            />
          </Field>
        </div>
      </Card>
      <FormStatus result={result && !result.ok ? result : null} />
      <Button type="submit" disabled={pending || accounts.length === 0}>
        {pending ? "Sending…" : "Request access"}
      </Button>
    </form>
  );
}
