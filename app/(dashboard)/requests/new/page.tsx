import type { Metadata } from "next";
import Link from "next/link";
import { ExternalRequestForm } from "@/components/approvals/external-request-form";
import { RoleRequestForm } from "@/components/approvals/role-request-form";
import { cn } from "@/components/ui/cn";
import { Card, PageHeader } from "@/components/ui/card";
import { listAccountChoices } from "@/lib/approvals/external";
import { requirePagePermission } from "@/lib/auth/current";
import { listUsableRoles } from "@/lib/credentials/role-list";
import { env } from "@/lib/env";
import { TARGET_OPTIONS } from "@/lib/targets";
import { createExternalRequestAction, createRoleRequestAction } from "../actions";

export const metadata: Metadata = { title: "New request" };

const KINDS = [
  { id: "role", label: "Time-bound role access", hint: "Use a role that needs a manager's approval, for a few hours." },
  {
    id: "external",
    label: "Access for an external service",
    hint: "An IAM user and key for a CI server or tool that cannot assume a role; Keyless pushes and rotates the key.",
  },
] as const;

export default async function NewRequestPage({
  searchParams,
}: {
  searchParams: Promise<{ roleId?: string | string[]; kind?: string | string[] }>;
}) {
  const caller = await requirePagePermission("requests.create");
  const { roleId, kind: rawKind } = await searchParams;
  const kind = rawKind === "external" ? "external" : "role";
  return (
    <>
      <PageHeader title="Request access" description="A manager other than you decides; you are told either way, by email or Slack." />
      <nav aria-label="Kind of request" className="mb-6 grid gap-3 sm:grid-cols-2">
        {KINDS.map((k) => (
          <Link
            key={k.id}
            href={`/requests/new?kind=${k.id}`}
            aria-current={kind === k.id ? "page" : undefined}
            className={cn(
              "rounded-lg border bg-white p-4 shadow-sm",
              kind === k.id ? "border-brand-500 ring-brand-500 ring-1" : "border-slate-200 hover:border-slate-300",
            )}
          >
            <p className="text-sm font-semibold">{k.label}</p>
            <p className="mt-1 text-xs text-slate-600">{k.hint}</p>
          </Link>
        ))}
      </nav>
      {kind === "role" ? (
        <RoleRequest caller={caller} roleId={typeof roleId === "string" ? roleId : undefined} />
      ) : (
        <ExternalRequest caller={caller} />
      )}
    </>
  );
}

async function RoleRequest({ caller, roleId }: { caller: Awaited<ReturnType<typeof requirePagePermission>>; roleId?: string }) {
  // Roles that need approval and that the approval rules let this person request.
  const roles = (await listUsableRoles(caller)).filter((r) => r.requiresApproval && r.canRequest);
  return (
    <Card className="max-w-xl p-5">
      {roles.length === 0 ? (
        <p className="text-sm text-slate-600">
          None of the roles mapped to your groups is one you can request: either they need no approval (get credentials for them directly),
          or the approval rules let other groups request them.
        </p>
      ) : (
        <RoleRequestForm
          roles={roles.map((r) => ({ id: r.id, label: `${r.roleName} — ${r.accountName} (${r.accountId})` }))}
          defaultRoleId={roleId}
          maxSeconds={Math.round(env().KEYLESS_MAX_GRANT_HOURS * 3600)}
          action={createRoleRequestAction}
        />
      )}
    </Card>
  );
}

async function ExternalRequest({ caller }: { caller: Awaited<ReturnType<typeof requirePagePermission>> }) {
  const accounts = await listAccountChoices(caller);
  return (
    <div className="max-w-3xl">
      <ExternalRequestForm accounts={accounts} targets={TARGET_OPTIONS} ownerEmail={caller.email} action={createExternalRequestAction} />
    </div>
  );
}
