import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { IntegrationForm } from "@/components/integrations/integration-form";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/current";
import { NotFoundError } from "@/lib/errors";
import { getIntegration, listAccountChoices } from "@/lib/integrations/queries";
import { idParamsSchema } from "@/lib/integrations/schemas";
import { isTargetType, TARGET_OPTIONS } from "@/lib/targets";
import { saveIntegrationAction } from "../../actions";

export const metadata: Metadata = { title: "Edit integration" };

export default async function EditIntegrationPage({ params }: { params: Promise<{ id: string }> }) {
  const caller = await requirePagePermission("integrations.manage");
  const parsed = idParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const integration = await getIntegration(caller, parsed.data.id).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  if (!isTargetType(integration.targetType)) notFound();
  const accounts = await listAccountChoices(caller);
  return (
    <>
      <PageHeader title={`Edit ${integration.name}`} />
      <IntegrationForm
        integration={{ ...integration, targetType: integration.targetType }}
        accounts={accounts}
        targets={TARGET_OPTIONS}
        action={saveIntegrationAction}
      />
    </>
  );
}
