import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RotationLive } from "@/components/integrations/rotation-live";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/current";
import { NotFoundError } from "@/lib/errors";
import { idParamsSchema } from "@/lib/integrations/schemas";
import { getRotation } from "@/lib/rotation/queries";

export const metadata: Metadata = { title: "Rotation" };

export default async function RotationPage({ params }: { params: Promise<{ id: string; rotationId: string }> }) {
  const caller = await requirePagePermission("integrations.read");
  const { id, rotationId } = await params;
  const parsed = idParamsSchema.safeParse({ id: rotationId });
  if (!parsed.success) notFound();
  const rotation = await getRotation(caller, parsed.data.id).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  if (rotation.state.integrationId !== id) notFound();
  return (
    <>
      <PageHeader
        title={`Rotation of ${rotation.state.integrationName}`}
        description={
          <>
            IAM user <span className="font-mono">{rotation.state.iamUserName}</span> ·{" "}
            <Link href={`/integrations/${id}`} className="text-brand-700 hover:underline">
              back to the integration
            </Link>
          </>
        }
      />
      <RotationLive initial={rotation} />
    </>
  );
}
