"use client";

import { ActionForm, useDialogAction, FormFooter, TextField } from "@/components/ui/form-fields";
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
  const [result, formAction, pending] = useDialogAction(action, onDone);
  return (
    <ActionForm action={formAction} result={result} className="space-y-4">
      {account ? <input type="hidden" name="id" value={account.id} /> : null}
      <TextField
        label="AWS account id"
        name="accountId"
        hint="12 digits"
        inputMode="numeric"
        required
        pattern="\d{12}"
        defaultValue={account?.accountId}
        placeholder="123456789012"
      />
      <TextField label="Name" name="name" required maxLength={64} defaultValue={account?.name} placeholder="Production" />
      <TextField label="Description" name="description" maxLength={500} defaultValue={account?.description ?? ""} />
      <TextField
        label="Inventory role ARN"
        name="inventoryRoleArn"
        hint={`The read-only role Keyless assumes to list IAM users and keys. Empty: arn:aws:iam::<this account>:role/${defaultInventoryRole}.`}
        maxLength={600}
        defaultValue={account?.inventoryRoleArn ?? ""}
        className="font-mono text-xs"
        placeholder={`arn:aws:iam::123456789012:role/${defaultInventoryRole}`}
      />
      <FormFooter pending={pending} submit={account ? "Save account" : "Add account"} cancel={{ onClick: onDone }} />
    </ActionForm>
  );
}
