import type { Metadata } from "next";
import Link from "next/link";
import { BadgeCheck } from "lucide-react";
import { DecisionForm } from "@/components/approvals/decision-form";
import { ExternalSummary } from "@/components/approvals/external-summary";
import { RequestList, requestTitle } from "@/components/approvals/request-list";
import { RiskLine } from "@/components/approvals/risk-badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { BreakGlassReviews } from "@/components/approvals/break-glass-reviews";
import { listBreakGlassToReview } from "@/lib/approvals/break-glass-review";
import { decisionView } from "@/lib/approvals/decision-view";
import { storedRisk } from "@/lib/approvals/dto";
import { listRequests } from "@/lib/approvals/requests";
import { can } from "@/lib/auth/guard";
import { requirePagePermission } from "@/lib/auth/current";
import { decideAction } from "../requests/actions";

export const metadata: Metadata = { title: "Approvals" };

function hours(seconds: number | null) {
  if (!seconds) return "";
  return seconds >= 86400 ? `${Math.round(seconds / 86400)} day(s)` : `${Math.round(seconds / 360) / 10} hour(s)`;
}

export default async function ApprovalsPage() {
  const caller = await requirePagePermission("requests.decide");
  const [pending, recent, toReview] = await Promise.all([
    listRequests(caller, { scope: "to-decide", limit: 100 }),
    listRequests(caller, { scope: "all", limit: 20 }),
    can(caller, "grants.review") ? listBreakGlassToReview(caller) : Promise.resolve([]),
  ]);
  const decided = recent.filter((r) => r.status !== "PENDING");
  return (
    <>
      <PageHeader title="Approvals" description="Requests waiting for you. You never see your own here: someone else decides those." />
      <BreakGlassReviews uses={toReview} />
      {pending.length === 0 ? (
        <EmptyState title="Nothing waiting for you" icon={<BadgeCheck className="size-8" />}>
          New requests appear here, and you are notified by email or Slack when configured.
        </EmptyState>
      ) : (
        <div className="space-y-4">
          {pending.map((r) => (
            <Card key={r.id} className="p-5" data-testid={`pending-${r.id}`}>
              <div className="grid gap-5 md:grid-cols-[1fr_20rem]">
                <div className="space-y-2">
                  <Link href={`/requests/${r.id}`} className="text-base font-semibold text-slate-900 hover:underline">
                    {requestTitle(r)}
                  </Link>
                  <RiskLine risk={storedRisk(r.risk)} />
                  <p className="text-sm text-slate-600">
                    {r.requester.name ?? r.requester.email} ·{" "}
                    {r.kind === "ROLE_ACCESS" ? `for ${hours(r.durationSeconds)}` : "external service"} ·{" "}
                    <RelativeTime date={r.createdAt} />
                  </p>
                  <blockquote className="border-l-2 border-slate-200 pl-3 text-sm text-slate-800">{r.justification}</blockquote>
                  {r.awsRole ? <p className="font-mono text-xs text-slate-500">{r.awsRole.roleArn}</p> : null}
                  {r.kind === "EXTERNAL_ACCESS" ? <ExternalSummary request={r} /> : null}
                </div>
                <DecisionForm id={r.id} view={decisionView(r, caller.userId)} action={decideAction} />
              </div>
            </Card>
          ))}
        </div>
      )}
      {decided.length ? (
        <section className="mt-10">
          <h2 className="mb-3 text-sm font-semibold text-slate-900">Recently decided</h2>
          <RequestList requests={decided} showRequester />
        </section>
      ) : null}
    </>
  );
}
