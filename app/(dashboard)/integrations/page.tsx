import type { Metadata } from "next";
import Link from "next/link";
import { Plug, Plus } from "lucide-react";
import { IntegrationTable } from "@/components/integrations/integration-table";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/current";
import { can } from "@/lib/auth/guard";
import { listIntegrations } from "@/lib/integrations/queries";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const caller = await requirePagePermission("integrations.read");
  const integrations = await listIntegrations(caller);
  return (
    <>
      <PageHeader
        title="Integrations"
        description="External services that still need an IAM access key. Keyless rotates each key on schedule, pushes the new one into the service, verifies it, and deletes the old one after a grace period."
        actions={
          can(caller, "integrations.manage") ? (
            <Link href="/integrations/new" className={buttonClass()}>
              <Plus className="size-4" aria-hidden /> New integration
            </Link>
          ) : null
        }
      />
      {integrations.length === 0 ? (
        <EmptyState title="No integrations yet" icon={<Plug className="size-8" />}>
          Add the IAM users that CI servers, log shippers and other services use, and where their key lives.
        </EmptyState>
      ) : (
        <IntegrationTable integrations={integrations} />
      )}
    </>
  );
}
