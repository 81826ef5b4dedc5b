"use client";

import { useActionState, useEffect } from "react";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Input } from "@/components/ui/field";
import { fieldError } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";

type Account = { id: string; accountId: string; name: string; description: string | null; inventoryRoleArn: string | null };

export function AccountForm({
  account,
  defaultInventoryRole,
  action,
  onDone,
}: {
  account?: Account;
  /** The role name used when the field is left empty. */
  defaultInventoryRole: string;
  action: (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
  onDone: () => void;
}) {
  const [result, formAction, pending] = useActionState(action, null);
  useEffect(() => {
    if (result?.ok) onDone();
  }, [result, onDone]);
  return (
    <form action={formAction} className="space-y-4">
      {account ? <input type="hidden" name="id" value={account.id} /> : null}
      <Field label="AWS account id" htmlFor="accountId" hint="12 digits" error={fieldError(result, "accountId")}>
        <Input
          id="accountId"
          name="accountId"
          inputMode="numeric"
          required
          pattern="\d{12}"
          defaultValue={account?.accountId}
          placeholder="123456789012"
        />
      </Field>
      <Field label="Name" htmlFor="name" error={fieldError(result, "name")}>
        <Input id="name" name="name" required maxLength={64} defaultValue={account?.name} placeholder="Production" />
      </Field>
      <Field label="Description" htmlFor="description" error={fieldError(result, "description")}>
        <Input id="description" name="description" maxLength={500} defaultValue={account?.description ?? ""} />
      </Field>
      <Field
        label="Inventory role ARN"
        htmlFor="inventoryRoleArn"
        hint={`The read-only role Keyless assumes to list IAM users and keys. Empty: arn:aws:iam::<this account>:role/${defaultInventoryRole}.`}
        error={fieldError(result, "inventoryRoleArn")}
      >
        <Input
          id="inventoryRoleArn"
          name="inventoryRoleArn"
          maxLength={600}
          defaultValue={account?.inventoryRoleArn ?? ""}
          className="font-mono text-xs"
          placeholder={`arn:aws:iam::123456789012:role/${defaultInventoryRole}`}
        />
      </Field>
      <FormFooter result={result} pending={pending} submitLabel={account ? "Save account" : "Add account"} cancel={{ onClick: onDone }} />
    </form>
  );
}
