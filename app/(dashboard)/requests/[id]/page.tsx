import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionButton } from "@/components/approvals/action-button";
import { ExternalSummary, ProvisioningSteps } from "@/components/approvals/external-summary";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import type { Provisioning } from "@/lib/approvals/provisioning";
import { DecisionForm } from "@/components/approvals/decision-form";
import { requestTitle } from "@/components/approvals/request-list";
import { RiskPanel } from "@/components/approvals/risk-panel";
import { RequestStatusBadge } from "@/components/approvals/status-badge";
import { Alert } from "@/components/ui/alert";
import { Card, PageHeader } from "@/components/ui/card";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";
import { DetailRow } from "@/components/ui/detail-row";
import { decisionView } from "@/lib/approvals/decision-view";
import { storedRisk } from "@/lib/approvals/dto";
import { getRequest } from "@/lib/approvals/requests";
import { idParamsSchema } from "@/lib/approvals/schemas";
import { requirePageCaller } from "@/lib/auth/current";
import { NotFoundError } from "@/lib/errors";
import { cancelRequestAction, decideAction } from "../actions";

export const metadata: Metadata = { title: "Request" };

function hours(seconds: number) {
  return seconds >= 86400 && seconds % 86400 === 0 ? `${seconds / 86400} day(s)` : `${Math.round((seconds / 3600) * 10) / 10} hour(s)`;
}

export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const caller = await requirePageCaller();
  const parsed = idParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const request = await getRequest(caller, parsed.data.id).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const mine = request.requester.id === caller.userId;
  const provisioning = (request.provisioning ?? null) as Provisioning | null;
  const grant = request.grants[0];
  const now = new Date();
  return (
    <>
      {request.status === "APPROVED" || request.status === "PROVISIONING" ? <AutoRefresh seconds={2} /> : null}
      <PageHeader
        title={requestTitle(request)}
        description={mine ? "Your request" : `Requested by ${request.requester.name ?? request.requester.email}`}
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <div className="min-w-0 space-y-6">
          <RiskPanel risk={storedRisk(request.risk)} />
          <Card className="p-5">
            <dl className="divide-y divide-slate-100">
              <DetailRow label="Status">
                <RequestStatusBadge status={request.status} />
              </DetailRow>
              <DetailRow label="Requester">{request.requester.email}</DetailRow>
              {request.awsRole ? (
                <>
                  <DetailRow label="Role">
                    <span className="font-mono text-xs">{request.awsRole.roleArn}</span>
                  </DetailRow>
                  <DetailRow label="Duration">{request.durationSeconds ? hours(request.durationSeconds) : "—"}</DetailRow>
                </>
              ) : null}
              {request.kind === "EXTERNAL_ACCESS" ? (
                <DetailRow label="Service">
                  <p className="mb-3 font-medium">{request.serviceName}</p>
                  <ExternalSummary request={request} />
                </DetailRow>
              ) : null}
              <DetailRow label="Why">{request.justification}</DetailRow>
              <DetailRow label="Requested">
                <RelativeTime date={request.createdAt} /> · {formatDateTime(request.createdAt)}
              </DetailRow>
              {request.status === "PENDING" ? (
                <DetailRow label="Expires if undecided">{formatDateTime(request.expiresAt)}</DetailRow>
              ) : null}
              {request.decidedAt ? (
                <DetailRow label="Decision">
                  {request.status.toLowerCase()} by {request.decidedBy?.email} <RelativeTime date={request.decidedAt} />
                  {request.decisionComment ? <p className="mt-1 text-slate-600">“{request.decisionComment}”</p> : null}
                </DetailRow>
              ) : null}
              {grant ? (
                <DetailRow label="Access">
                  {grant.revokedAt
                    ? `revoked ${formatDateTime(grant.revokedAt)}`
                    : grant.expiresAt > now
                      ? `active until ${formatDateTime(grant.expiresAt)}`
                      : `ended ${formatDateTime(grant.expiresAt)}`}
                </DetailRow>
              ) : null}
            </dl>
          </Card>
        </div>
        <div className="space-y-4">
          {provisioning ? (
            <Card className="p-5">
              <h2 className="mb-3 text-sm font-semibold">Provisioning</h2>
              <ProvisioningSteps provisioning={provisioning} />
              {request.status === "PROVISIONED" && request.integrationId ? (
                <p className="mt-3 text-sm text-emerald-700">Done: the key is at the target and rotates on schedule.</p>
              ) : null}
              {request.status === "FAILED" ? <p className="mt-3 text-sm text-red-700">{provisioning.error}</p> : null}
            </Card>
          ) : request.status === "APPROVED" && request.kind === "EXTERNAL_ACCESS" ? (
            <Card className="p-5 text-sm text-slate-600">Provisioning is queued…</Card>
          ) : null}
          {request.canDecide ? (
            <Card className="p-5">
              <h2 className="mb-3 text-sm font-semibold">Your decision</h2>
              <DecisionForm id={request.id} view={decisionView(request, caller.userId)} action={decideAction} />
            </Card>
          ) : request.status === "PENDING" && mine ? (
            <Card className="space-y-3 p-5">
              <p className="text-sm text-slate-600">Waiting for an approver. You can&apos;t approve your own request.</p>
              <ActionButton id={request.id} label="Cancel request" confirm="Cancel this request?" action={cancelRequestAction} />
            </Card>
          ) : request.status === "PENDING" && request.decideReason ? (
            <Alert tone="info">{request.decideReason}</Alert>
          ) : null}
          {grant && !grant.revokedAt && grant.expiresAt > now && mine ? (
            <Alert tone="success" title="You have access">
              Get credentials for this role on the credentials page until {formatDateTime(grant.expiresAt)}.
            </Alert>
          ) : null}
        </div>
      </div>
    </>
  );
}
