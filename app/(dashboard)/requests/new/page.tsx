import type { Metadata } from "next";
import { RoleRequestForm } from "@/components/approvals/role-request-form";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/current";
import { listUsableRoles } from "@/lib/credentials/roles";
import { env } from "@/lib/env";
import { createRoleRequestAction } from "../actions";

export const metadata: Metadata = { title: "New request" };

export default async function NewRequestPage({ searchParams }: { searchParams: Promise<{ roleId?: string | string[] }> }) {
  const caller = await requirePagePermission("requests.create");
  const roles = (await listUsableRoles(caller)).filter((r) => r.requiresApproval);
  const { roleId } = await searchParams;
  return (
    <>
      <PageHeader title="Request access" description="Time-bound access to a role that needs a manager's approval." />
      <Card className="max-w-xl p-5">
        {roles.length === 0 ? (
          <p className="text-sm text-slate-600">None of the roles mapped to your groups needs approval: you can get credentials for them directly.</p>
        ) : (
          <RoleRequestForm
            roles={roles.map((r) => ({ id: r.id, label: `${r.roleName} — ${r.accountName} (${r.accountId})` }))}
            defaultRoleId={typeof roleId === "string" ? roleId : undefined}
            maxSeconds={Math.round(env().KEYLESS_MAX_GRANT_HOURS * 3600)}
            action={createRoleRequestAction}
          />
        )}
      </Card>
    </>
  );
}
