import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Pencil, RotateCw } from "lucide-react";
import { ActionButton } from "@/components/approvals/action-button";
import { DeleteIntegration } from "@/components/integrations/delete-integration";
import { NeedsNewOwnerBadge } from "@/components/integrations/owner-badge";
import { RotationHistory } from "@/components/integrations/rotation-history";
import { SecretCard } from "@/components/integrations/secret-card";
import { dueLabel, graceLabel, RotationStatusBadge } from "@/components/integrations/rotation-status";
import { TargetIcon } from "@/components/integrations/target-icon";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";
import { DetailRow } from "@/components/ui/detail-row";
import { requirePagePermission } from "@/lib/auth/current";
import { can } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/errors";
import { secretStatus } from "@/lib/integrations/adopt-secret";
import { getIntegration, listRotations } from "@/lib/integrations/queries";
import { idParamsSchema } from "@/lib/integrations/schemas";
import { settingLabel } from "@/lib/targets";
import { adoptSecretAction, deleteIntegrationAction, rotateNowAction, setEnabledAction } from "../actions";

export const metadata: Metadata = { title: "Integration" };

const settingText = (v: unknown) => (typeof v === "boolean" ? (v ? "yes" : "no") : String(v));

export default async function IntegrationPage({ params }: { params: Promise<{ id: string }> }) {
  const caller = await requirePagePermission("integrations.read");
  const parsed = idParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const i = await getIntegration(caller, parsed.data.id).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const rotations = await listRotations(caller, i.id);
  const secret = await secretStatus(caller, i.id);
  const manage = can(caller, "integrations.manage");
  const active =
    i.latestRotation && (i.latestRotation.status === "running" || i.latestRotation.status === "waiting") ? i.latestRotation : null;
  return (
    <>
      <PageHeader
        title={i.name}
        description={
          <span className="inline-flex items-center gap-1.5">
            <TargetIcon type={i.targetType} /> {i.targetDescription}
          </span>
        }
        actions={
          <>
            {manage ? (
              <Link href={`/integrations/${i.id}/edit`} className={buttonClass("secondary")}>
                <Pencil className="size-4" aria-hidden /> Edit
              </Link>
            ) : null}
            {manage ? <DeleteIntegration id={i.id} name={i.name} action={deleteIntegrationAction} /> : null}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <Card className="p-5">
          <dl className="divide-y divide-slate-100">
            <DetailRow wide label="AWS account">
              {i.accountName} <span className="font-mono text-xs text-slate-500">{i.accountId}</span>
            </DetailRow>
            <DetailRow wide label="IAM user">
              <span className="font-mono">{i.iamUserName}</span>
            </DetailRow>
            <DetailRow wide label="Target">
              {i.targetLabel}
            </DetailRow>
            {Object.entries(i.targetSettings).map(([k, v]) => (
              <DetailRow wide key={k} label={settingLabel(i.targetType, k)}>
                <span className="font-mono text-xs">{settingText(v)}</span>
              </DetailRow>
            ))}
            <DetailRow wide label="Token">
              {i.token.set ? `•••••••• set ${i.token.setAt ? formatDateTime(i.token.setAt) : ""}` : "none"}
              {i.token.boundTo ? <span className="block text-xs text-slate-500">for {i.token.boundTo} only</span> : null}
            </DetailRow>
            <DetailRow wide label="Rotation">
              every {i.rotationIntervalDays} days · grace period {graceLabel(i.graceSeconds)}
            </DetailRow>
            <DetailRow wide label="Owner">
              <span className="inline-flex flex-wrap items-center gap-2">
                {i.ownerEmail}
                {i.ownerNeedsReplacementAt ? <NeedsNewOwnerBadge since={i.ownerNeedsReplacementAt} /> : null}
              </span>
            </DetailRow>
            <DetailRow wide label="Last rotated">
              {i.lastRotatedAt ? <RelativeTime date={i.lastRotatedAt} /> : "never"}
            </DetailRow>
            <DetailRow wide label="Next rotation">
              {i.enabled
                ? `${dueLabel(i.nextRotationAt).text}${i.nextRotationAt ? ` (${formatDateTime(i.nextRotationAt)})` : ""}`
                : "disabled"}
            </DetailRow>
          </dl>
        </Card>
        <div className="space-y-4">
          <Card className="space-y-3 p-5">
            <h2 className="text-sm font-semibold">Rotation</h2>
            {i.latestRotation ? (
              <RotationStatusBadge status={i.latestRotation.status} warning={i.latestRotation.warning} />
            ) : (
              <p className="text-sm text-slate-600">Never rotated by Keyless.</p>
            )}
            {active ? (
              <Link href={`/integrations/${i.id}/rotations/${active.id}`} className={buttonClass("primary", "md", "w-full")}>
                Watch the rotation under way
              </Link>
            ) : can(caller, "rotations.run") && i.enabled ? (
              <ActionButton
                id={i.id}
                label="Rotate now"
                variant="secondary"
                action={rotateNowAction}
                confirm="Rotate this key now? The service gets a new key; the old one is deactivated once it is verified."
              />
            ) : null}
            {manage ? (
              <ActionButton
                id={i.id}
                label={i.enabled ? "Disable schedule" : "Enable"}
                action={setEnabledAction}
                extra={{ enabled: String(!i.enabled) }}
              />
            ) : null}
          </Card>
          {secret ? <SecretCard integrationId={i.id} status={secret} manage={manage} adopt={adoptSecretAction} /> : null}
          {i.ownerNeedsReplacementAt ? (
            <Alert tone="warning" title="Needs a new owner">
              {i.ownerEmail}&apos;s access to Keyless ended, so nobody is alerted when a rotation of this key fails.{" "}
              {manage ? (
                <Link href={`/integrations/${i.id}/edit`} className="font-medium underline">
                  Name a new owner
                </Link>
              ) : null}
            </Alert>
          ) : null}
          {!i.enabled ? <Alert tone="warning">Disabled: Keyless neither rotates this key on schedule nor on demand.</Alert> : null}
        </div>
      </div>
      <h2 className="mt-8 mb-3 flex items-center gap-2 text-sm font-semibold">
        <RotateCw className="size-4" aria-hidden /> Rotation history
      </h2>
      <RotationHistory integrationId={i.id} rotations={rotations} />
    </>
  );
}
