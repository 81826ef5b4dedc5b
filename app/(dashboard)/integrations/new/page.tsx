import type { Metadata } from "next";
import { IntegrationForm } from "@/components/integrations/integration-form";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/current";
import { listAccountChoices } from "@/lib/integrations/queries";
import { TARGET_OPTIONS } from "@/lib/targets";
import { saveIntegrationAction } from "../actions";

export const metadata: Metadata = { title: "New integration" };

export default async function NewIntegrationPage() {
  const caller = await requirePagePermission("integrations.manage");
  const accounts = await listAccountChoices(caller);
  return (
    <>
      <PageHeader
        title="New integration"
        description="An IAM user whose key an external service uses, and where Keyless should push each new key."
      />
      <IntegrationForm accounts={accounts} targets={TARGET_OPTIONS} action={saveIntegrationAction} />
    </>
  );
}
