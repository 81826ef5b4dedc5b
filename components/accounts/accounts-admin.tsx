"use client";

import { Building2, KeyRound, Pencil, Plus, ShieldCheck } from "lucide-react";
import { useCallback, useState } from "react";
import { AccountForm } from "@/components/accounts/account-form";
import {
  InventoryRoleDetails,
  RotationRoleDetails,
  TrustPolicyDetails,
  type InventoryInfo,
  type RotationInfo,
} from "@/components/accounts/policy-details";
import { DeleteButton, type Act } from "@/components/accounts/delete-button";
import { RoleForm, type RoleRow } from "@/components/accounts/role-form";
import { RoleMappingTable } from "@/components/accounts/role-mapping-table";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";

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
type Actions = { saveAccount: Act; deleteAccount: Act; saveRole: Act; deleteRole: Act };

type Open =
  | { kind: "account"; account?: Account }
  | { kind: "role"; account: Account; role?: RoleRow }
  | { kind: "trust"; role: RoleRow & { trustPolicy: string } }
  | { kind: "inventory"; account: Account }
  | { kind: "rotation"; account: Account }
  | null;

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
            <RoleMappingTable
              roles={account.roles}
              deleteRole={actions.deleteRole}
              onTrust={(role) => setOpen({ kind: "trust", role })}
              onEdit={(role) => setOpen({ kind: "role", account, role })}
            />
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
