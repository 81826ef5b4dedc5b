"use client";

import { Building2, KeyRound, Pencil, Plus, ShieldCheck, Trash2 } from "lucide-react";
import { useActionState, useCallback, useState } from "react";
import { AccountForm } from "@/components/accounts/account-form";
import {
  InventoryRoleDetails,
  RotationRoleDetails,
  TrustPolicyDetails,
  type InventoryInfo,
  type RotationInfo,
} from "@/components/accounts/policy-details";
import { RoleForm, type RoleRow } from "@/components/accounts/role-form";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/result";

type Account = {
  id: string;
  accountId: string;
  name: string;
  description: string | null;
  inventoryRoleArn: string | null;
  roles: (RoleRow & { trustPolicy: string })[];
  /** The rotation role's permissions to revoke sessions on this account's roles (null: none mapped). */
  revocationPermissions: string | null;
};
type Act = (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
type Actions = { saveAccount: Act; deleteAccount: Act; saveRole: Act; deleteRole: Act };

type Open =
  | { kind: "account"; account?: Account }
  | { kind: "role"; account: Account; role?: RoleRow }
  | { kind: "trust"; role: RoleRow & { trustPolicy: string } }
  | { kind: "inventory"; account: Account }
  | { kind: "rotation"; account: Account }
  | null;

function hours(s: number) {
  return s < 3600 ? `${s / 60} min` : `${s / 3600} h`;
}

function DeleteButton({ id, action, label }: { id: string; action: Act; label: string }) {
  const [result, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(e) => {
        if (!window.confirm(`${label}?`)) e.preventDefault();
      }}
      className="inline"
    >
      <input type="hidden" name="id" value={id} />
      <Button
        type="submit"
        variant="ghost"
        size="sm"
        disabled={pending}
        aria-label={label}
        title={result && !result.ok ? result.error : label}
      >
        <Trash2 className="size-3.5" aria-hidden />
      </Button>
      {result && !result.ok ? (
        <span className="ml-2 text-xs text-red-600" role="alert">
          {result.error}
        </span>
      ) : null}
    </form>
  );
}

export function AccountsAdmin({
  accounts,
  actions,
  serverPrincipal,
  inventory,
  rotation,
}: {
  accounts: Account[];
  actions: Actions;
  serverPrincipal: string | null;
  inventory: InventoryInfo;
  rotation: RotationInfo;
}) {
  const [open, setOpen] = useState<Open>(null);
  const close = useCallback(() => setOpen(null), []);

  return (
    <div className="space-y-6">
      {serverPrincipal ? (
        <Alert tone="info" title="Keyless calls AWS as">
          <code className="font-mono text-xs">{serverPrincipal}</code>. Target roles must trust this principal (see each role&apos;s trust
          policy).
        </Alert>
      ) : (
        <Alert tone="warning" title="Keyless could not determine its AWS identity">
          Check the server&apos;s AWS credentials (instance profile or task role). Trust policies below use a placeholder principal.
        </Alert>
      )}
      <div className="flex justify-end">
        <Button onClick={() => setOpen({ kind: "account" })}>
          <Plus className="size-4" aria-hidden /> Add account
        </Button>
      </div>

      {accounts.length === 0 ? (
        <EmptyState title="No AWS accounts yet" icon={<Building2 className="size-8" />}>
          Add the accounts whose roles people should reach through Keyless.
        </EmptyState>
      ) : null}

      {accounts.map((account) => (
        <section
          key={account.id}
          aria-label={account.name}
          className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm"
        >
          <header className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-slate-50 px-4 py-3">
            <div className="min-w-0 flex-1">
              <h2 className="font-semibold">
                {account.name} <span className="ml-1 font-mono text-xs font-normal text-slate-500">{account.accountId}</span>
              </h2>
              {account.description ? <p className="text-xs text-slate-500">{account.description}</p> : null}
              <p className="mt-0.5 truncate text-xs text-slate-500" data-testid={`inventory-role-${account.accountId}`}>
                Inventory role: <span className="font-mono">{account.inventoryRoleArn ?? `${inventory.defaultRoleName} (default)`}</span>
              </p>
            </div>
            <Button variant="ghost" size="sm" onClick={() => setOpen({ kind: "inventory", account })}>
              <ShieldCheck className="size-3.5" aria-hidden /> Inventory role
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setOpen({ kind: "rotation", account })}>
              <KeyRound className="size-3.5" aria-hidden /> Rotation role
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setOpen({ kind: "role", account })}>
              <Plus className="size-3.5" aria-hidden /> Add role
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setOpen({ kind: "account", account })} aria-label={`Edit ${account.name}`}>
              <Pencil className="size-3.5" aria-hidden />
            </Button>
            <DeleteButton id={account.id} action={actions.deleteAccount} label={`Remove account ${account.name}`} />
          </header>
          {account.roles.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-slate-500">No roles mapped in this account.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="text-xs text-slate-500">
                  <tr>
                    <th className="px-4 py-2 font-medium">Role</th>
                    <th className="px-4 py-2 font-medium">Groups</th>
                    <th className="px-4 py-2 font-medium">Max session</th>
                    <th className="px-4 py-2 font-medium">Access</th>
                    <th className="sr-only px-4 py-2 font-medium">Actions</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {account.roles.map((role) => (
                    <tr key={role.id} data-testid={`mapping-${role.roleName}`}>
                      <td className="px-4 py-3">
                        <p className="font-medium">{role.roleName}</p>
                        <p className="font-mono text-[11px] text-slate-500">{role.roleArn}</p>
                      </td>
                      <td className="px-4 py-3">
                        <div className="flex flex-wrap gap-1">
                          {role.allowedGroups.length ? (
                            role.allowedGroups.map((g) => <Badge key={g}>{g}</Badge>)
                          ) : (
                            <span className="text-xs text-slate-400">nobody</span>
                          )}
                        </div>
                      </td>
                      <td className="px-4 py-3 whitespace-nowrap">{hours(role.maxDurationSeconds)}</td>
                      <td className="px-4 py-3">
                        <div className="flex flex-wrap gap-1">
                          {role.requiresApproval ? <Badge tone="amber">approval</Badge> : <Badge tone="green">direct</Badge>}
                          {role.breakGlass ? (
                            <Badge tone="red" title={`Self-activated for ${hours(role.breakGlassMaxSeconds)}, reviewed afterwards`}>
                              break-glass · {hours(role.breakGlassMaxSeconds)}
                            </Badge>
                          ) : null}
                          {role.deliveryMode === "WEB_IDENTITY" ? <Badge tone="violet">web identity</Badge> : null}
                        </div>
                      </td>
                      <td className="px-4 py-3 text-right whitespace-nowrap">
                        <Button variant="ghost" size="sm" onClick={() => setOpen({ kind: "trust", role })}>
                          <ShieldCheck className="size-3.5" aria-hidden /> Trust policy
                        </Button>
                        <Button
                          variant="ghost"
                          size="sm"
                          onClick={() => setOpen({ kind: "role", account, role })}
                          aria-label={`Edit ${role.roleName}`}
                        >
                          <Pencil className="size-3.5" aria-hidden />
                        </Button>
                        <DeleteButton id={role.id} action={actions.deleteRole} label={`Remove role mapping ${role.roleName}`} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}

      <Dialog
        open={open?.kind === "account"}
        onClose={close}
        title={open?.kind === "account" && open.account ? `Edit ${open.account.name}` : "Add AWS account"}
      >
        {open?.kind === "account" ? (
          <AccountForm
            account={open.account}
            defaultInventoryRole={inventory.defaultRoleName}
            action={actions.saveAccount}
            onDone={close}
          />
        ) : null}
      </Dialog>
      <Dialog
        open={open?.kind === "role"}
        onClose={close}
        title={open?.kind === "role" && open.role ? `Edit ${open.role.roleName}` : "Map a role"}
        wide
      >
        {open?.kind === "role" ? (
          <RoleForm
            accountId={open.account.accountId}
            awsAccountId={open.account.id}
            role={open.role}
            action={actions.saveRole}
            onDone={close}
          />
        ) : null}
      </Dialog>
      <Dialog
        open={open?.kind === "trust"}
        onClose={close}
        title={open?.kind === "trust" ? `Trust policy for ${open.role.roleName}` : "Trust policy"}
        wide
      >
        {open?.kind === "trust" ? <TrustPolicyDetails trustPolicy={open.role.trustPolicy} /> : null}
      </Dialog>
      <Dialog
        open={open?.kind === "inventory"}
        onClose={close}
        title={open?.kind === "inventory" ? `Inventory role in ${open.account.name}` : "Inventory role"}
        wide
      >
        {open?.kind === "inventory" ? (
          <InventoryRoleDetails
            roleArn={open.account.inventoryRoleArn ?? `arn:aws:iam::${open.account.accountId}:role/${inventory.defaultRoleName}`}
            inventory={inventory}
          />
        ) : null}
      </Dialog>
      <Dialog
        open={open?.kind === "rotation"}
        onClose={close}
        title={open?.kind === "rotation" ? `Rotation role in ${open.account.name}` : "Rotation role"}
        wide
      >
        {open?.kind === "rotation" ? (
          <RotationRoleDetails
            accountId={open.account.accountId}
            rotation={rotation}
            revocationPermissions={open.account.revocationPermissions}
          />
        ) : null}
      </Dialog>
    </div>
  );
}
