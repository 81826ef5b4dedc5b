"use client";

import { useActionState, useEffect, useState } from "react";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Input, Select } from "@/components/ui/field";
import { fieldError } from "@/components/ui/form-status";
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
  const [result, formAction, pending] = useActionState(action, null);
  const [breakGlass, setBreakGlass] = useState(role?.breakGlass ?? false);
  useEffect(() => {
    if (result?.ok) onDone();
  }, [result, onDone]);
  return (
    <form action={formAction} className="space-y-4">
      {role ? <input type="hidden" name="id" value={role.id} /> : null}
      <input type="hidden" name="awsAccountId" value={awsAccountId} />
      <Field label="Role ARN" htmlFor="roleArn" error={fieldError(result, "roleArn")}>
        <Input
          id="roleArn"
          name="roleArn"
          required
          defaultValue={role?.roleArn ?? `arn:aws:iam::${accountId}:role/`}
          className="font-mono text-xs!"
        />
      </Field>
      <Field label="Description" htmlFor="role-description" error={fieldError(result, "description")}>
        <Input
          id="role-description"
          name="description"
          maxLength={500}
          defaultValue={role?.description ?? ""}
          placeholder="What this role is for"
        />
      </Field>
      <Field
        label="Groups that may use it"
        htmlFor="allowedGroups"
        hint="IdP group names, separated by commas. Only members of these groups see the role."
        error={fieldError(result, "allowedGroups")}
      >
        <Input
          id="allowedGroups"
          name="allowedGroups"
          defaultValue={role?.allowedGroups.join(", ") ?? ""}
          placeholder="engineering, platform"
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Maximum session" htmlFor="maxDurationSeconds" error={fieldError(result, "maxDurationSeconds")}>
          <Select id="maxDurationSeconds" name="maxDurationSeconds" defaultValue={role?.maxDurationSeconds ?? 3600}>
            {DURATIONS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Delivery" htmlFor="deliveryMode" error={fieldError(result, "deliveryMode")}>
          <Select id="deliveryMode" name="deliveryMode" defaultValue={role?.deliveryMode ?? "ASSUME_ROLE"}>
            <option value="ASSUME_ROLE">AssumeRole (Keyless server identity)</option>
            <option value="WEB_IDENTITY">AssumeRoleWithWebIdentity (user&apos;s SSO token)</option>
          </Select>
        </Field>
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          name="requiresApproval"
          defaultChecked={role?.requiresApproval}
          className="mt-0.5 size-4 rounded border-slate-300"
        />
        <span>
          <span className="font-medium">Requires approval</span>
          <span className="block text-xs text-slate-500">
            People see the role but must request time-bound access and have a manager approve it.
          </span>
        </span>
      </label>
      <div className="space-y-3 rounded-md border border-red-100 bg-red-50/40 p-3">
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            name="breakGlass"
            checked={breakGlass}
            onChange={(e) => setBreakGlass(e.target.checked)}
            className="mt-0.5 size-4 rounded border-slate-300"
          />
          <span>
            <span className="font-medium">Break-glass</span>
            <span className="block text-xs text-slate-500">
              In an emergency, people in these groups may activate it at once, without approval, with a justification. Approvers and admins
              are notified immediately and a manager or admin must review each use. Implies &ldquo;Requires approval&rdquo;.
            </span>
          </span>
        </label>
        {breakGlass ? (
          <Field
            label="Break-glass access lasts"
            htmlFor="breakGlassMaxSeconds"
            hint="Keep it short: 15 minutes to 4 hours."
            error={fieldError(result, "breakGlassMaxSeconds")}
          >
            <Select
              id="breakGlassMaxSeconds"
              name="breakGlassMaxSeconds"
              defaultValue={role?.breakGlassMaxSeconds ?? 3600}
              className="w-40!"
            >
              {BREAK_GLASS_DURATIONS.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
      </div>
      <FormFooter
        result={result}
        pending={pending}
        submitLabel={role ? "Save role mapping" : "Add role mapping"}
        cancel={{ onClick: onDone }}
      />
    </form>
  );
}
