"use client";

import { Pencil, ShieldCheck } from "lucide-react";
import { DeleteButton, type Act } from "@/components/accounts/delete-button";
import type { RoleRow } from "@/components/accounts/role-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SimpleTable, type Column } from "@/components/ui/table";

// The roles mapped in one AWS account, inside that account's card on the Accounts page.

type Mapping = RoleRow & { trustPolicy: string };
type Props = { roles: Mapping[]; deleteRole: Act; onTrust: (role: Mapping) => void; onEdit: (role: Mapping) => void };

function hours(s: number) {
  return s < 3600 ? `${s / 60} min` : `${s / 3600} h`;
}

function columns({ deleteRole, onTrust, onEdit }: Props): Column<Mapping>[] {
  return [
    {
      header: "Role",
      cell: (role) => (
        <>
          <p className="font-medium">{role.roleName}</p>
          <p className="font-mono text-[11px] text-slate-500">{role.roleArn}</p>
        </>
      ),
    },
    {
      header: "Groups",
      cell: (role) => (
        <div className="flex flex-wrap gap-1">
          {role.allowedGroups.length ? (
            role.allowedGroups.map((g) => <Badge key={g}>{g}</Badge>)
          ) : (
            <span className="text-xs text-slate-400">nobody</span>
          )}
        </div>
      ),
    },
    { header: "Max session", className: "whitespace-nowrap", cell: (role) => hours(role.maxDurationSeconds) },
    {
      header: "Access",
      cell: (role) => (
        <div className="flex flex-wrap gap-1">
          {role.requiresApproval ? <Badge tone="amber">approval</Badge> : <Badge tone="green">direct</Badge>}
          {role.breakGlass ? (
            <Badge tone="red" title={`Self-activated for ${hours(role.breakGlassMaxSeconds)}, reviewed afterwards`}>
              break-glass · {hours(role.breakGlassMaxSeconds)}
            </Badge>
          ) : null}
          {role.deliveryMode === "WEB_IDENTITY" ? <Badge tone="violet">web identity</Badge> : null}
        </div>
      ),
    },
    {
      header: "Actions",
      hiddenHeader: true,
      className: "text-right whitespace-nowrap",
      cell: (role) => (
        <>
          <Button variant="ghost" size="sm" onClick={() => onTrust(role)}>
            <ShieldCheck className="size-3.5" aria-hidden /> Trust policy
          </Button>
          <Button variant="ghost" size="sm" onClick={() => onEdit(role)} aria-label={`Edit ${role.roleName}`}>
            <Pencil className="size-3.5" aria-hidden />
          </Button>
          <DeleteButton id={role.id} action={deleteRole} label={`Remove role mapping ${role.roleName}`} />
        </>
      ),
    },
  ];
}

export function RoleMappingTable(props: Props) {
  return (
    <SimpleTable
      look="inset"
      columns={columns(props)}
      rows={props.roles}
      rowKey={(role) => role.id}
      rowTestId={(role) => `mapping-${role.roleName}`}
    />
  );
}
