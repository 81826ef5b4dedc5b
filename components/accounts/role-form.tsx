"use client";

import { useState } from "react";
import { ActionForm, useDialogAction, CheckboxField, FormFooter, SelectField, TextField } from "@/components/ui/form-fields";
import type { ActionResult } from "@/lib/actions/result";

export type RoleRow = {
  id: string;
  awsAccountId: string;
  roleName: string;
  roleArn: string;
  description: string | null;
  maxDurationSeconds: number;
  requiresApproval: boolean;
  allowedGroups: string[];
  deliveryMode: "ASSUME_ROLE" | "WEB_IDENTITY";
  breakGlass: boolean;
  breakGlassMaxSeconds: number;
};

const DURATIONS = [
  [900, "15 minutes"],
  [1800, "30 minutes"],
  [3600, "1 hour"],
  [7200, "2 hours"],
  [14400, "4 hours"],
  [28800, "8 hours"],
  [43200, "12 hours"],
] as const;

/** Break-glass is for emergencies: short, 15 minutes to 4 hours. */
const BREAK_GLASS_DURATIONS = DURATIONS.filter(([s]) => s <= 14400);

const DELIVERY = [
  ["ASSUME_ROLE", "AssumeRole (Keyless server identity)"],
  ["WEB_IDENTITY", "AssumeRoleWithWebIdentity (user's SSO token)"],
] as const;

export function RoleForm({
  accountId,
  awsAccountId,
  role,
  action,
  onDone,
}: {
  accountId: string;
  awsAccountId: string;
  role?: RoleRow;
  action: (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
  onDone: () => void;
}) {
  const [result, formAction, pending] = useDialogAction(action, onDone);
  const [breakGlass, setBreakGlass] = useState(role?.breakGlass ?? false);
  return (
    <ActionForm action={formAction} result={result} className="space-y-4">
      {role ? <input type="hidden" name="id" value={role.id} /> : null}
      <input type="hidden" name="awsAccountId" value={awsAccountId} />
      <TextField
        label="Role ARN"
        name="roleArn"
        required
        defaultValue={role?.roleArn ?? `arn:aws:iam::${accountId}:role/`}
        className="font-mono text-xs!"
      />
      <TextField
        label="Description"
        id="role-description"
        name="description"
        maxLength={500}
        defaultValue={role?.description ?? ""}
        placeholder="What this role is for"
      />
      <TextField
        label="Groups that may use it"
        name="allowedGroups"
        hint="IdP group names, separated by commas. Only members of these groups see the role."
        defaultValue={role?.allowedGroups.join(", ") ?? ""}
        placeholder="engineering, platform"
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Maximum session"
          name="maxDurationSeconds"
          defaultValue={role?.maxDurationSeconds ?? 3600}
          options={DURATIONS}
        />
        <SelectField label="Delivery" name="deliveryMode" defaultValue={role?.deliveryMode ?? "ASSUME_ROLE"} options={DELIVERY} />
      </div>
      <CheckboxField
        label="Requires approval"
        description="People see the role but must request time-bound access and have a manager approve it."
        name="requiresApproval"
        defaultChecked={role?.requiresApproval}
      />
      <div className="space-y-3 rounded-md border border-red-100 bg-red-50/40 p-3">
        <CheckboxField
          label="Break-glass"
          description={
            <>
              In an emergency, people in these groups may activate it at once, without approval, with a justification. Approvers and admins
              are notified immediately and a manager or admin must review each use. Implies &ldquo;Requires approval&rdquo;.
            </>
          }
          name="breakGlass"
          checked={breakGlass}
          onChange={(e) => setBreakGlass(e.target.checked)}
        />
        {breakGlass ? (
          <SelectField
            label="Break-glass access lasts"
            name="breakGlassMaxSeconds"
            hint="Keep it short: 15 minutes to 4 hours."
            defaultValue={role?.breakGlassMaxSeconds ?? 3600}
            className="w-40!"
            options={BREAK_GLASS_DURATIONS}
          />
        ) : null}
      </div>
      <FormFooter pending={pending} submit={role ? "Save role mapping" : "Add role mapping"} cancel={{ onClick: onDone }} />
    </ActionForm>
  );
}
