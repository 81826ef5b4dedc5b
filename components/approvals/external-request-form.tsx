"use client";

import { useActionState, useState } from "react";
import { TargetSettingsFields } from "@/components/integrations/target-settings-fields";
import { Button } from "@/components/ui/button";
import { ActionForm, FormSection, SelectField, TextareaField, TextField } from "@/components/ui/form-fields";
import { fieldError, FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";
import type { TargetOption, TargetType } from "@/lib/targets";

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
  return (
    <ActionForm action={formAction} result={result} className="space-y-6">
      <FormSection title="The service">
        <TextField
          label="Service name"
          name="serviceName"
          hint="What will use the key."
          required
          maxLength={60}
          placeholder="GitHub Actions for acme/api"
        />
        <SelectField
          label="AWS account"
          name="accountId"
          required
          options={accounts.map((a) => [a.accountId, `${a.name} (${a.accountId})`] as const)}
        />
        <SelectField
          label="Where the key goes"
          name="targetType"
          hint="Keyless pushes the key there, and every rotation after it."
          value={type}
          onChange={(e) => setType(e.target.value as TargetType)}
          options={targets.map((t) => [t.type, t.label] as const)}
        />
        {target?.requiresToken ? (
          <TextField
            label={target.tokenLabel ?? "API token"}
            name="targetToken"
            hint="Stored encrypted; never shown again."
            type="password"
            autoComplete="off"
            required
          />
        ) : (
          <div />
        )}
        <TargetSettingsFields key={type} fields={target?.fields ?? []} values={{}} error={(name) => fieldError(result, name)} />
      </FormSection>
      <FormSection title="Permissions" wide>
        <TextareaField
          label="Managed policies"
          name="managedPolicyArns"
          hint="One ARN per line, e.g. arn:aws:iam::aws:policy/ReadOnlyAccess"
          rows={2}
          className="font-mono text-xs!"
        />
        <TextareaField
          label="Inline policy (JSON, optional)"
          name="inlinePolicy"
          hint="Only what the service needs. Approvers see it spelled out."
          rows={7}
          className="font-mono text-xs!"
          placeholder={EXAMPLE_POLICY}
        />
      </FormSection>
      <FormSection title="Ownership">
        <TextField
          label="Owner"
          name="ownerEmail"
          hint="Told when rotations fail; sees the key in the inventory."
          type="email"
          required
          defaultValue={ownerEmail}
        />
        <TextField label="Rotate every (days)" name="rotationIntervalDays" type="number" min={1} max={365} defaultValue={90} />
        <div className="sm:col-span-2">
          <TextareaField
            label="Why does it need AWS access?"
            name="justification"
            rows={3}
            required
            minLength={10}
            maxLength={2000}
            placeholder="CI publishes build artifacts to S3"
          />
        </div>
      </FormSection>
      <FormStatus result={result && !result.ok ? result : null} />
      <Button type="submit" disabled={pending || accounts.length === 0}>
        {pending ? "Sending…" : "Request access"}
      </Button>
    </ActionForm>
  );
}
