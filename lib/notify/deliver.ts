import "server-only";
import { needsCarefulApproval, riskSchema, type RiskLevel } from "@/lib/approvals/risk-types";
import { createLimiter } from "@/lib/concurrency";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { emailConfigured, sendEmail, sendSlack, slackConfigured, slackInteractive } from "@/lib/notify/channels";
import type { NotifyPayload } from "@/lib/notify/events";
import { composeMessage, type RequestFacts } from "@/lib/notify/messages";
import { deliverBreakGlassEvent } from "@/lib/notify/break-glass";
import { approversOfRequest, type Recipient } from "@/lib/notify/recipients";
import { deliverAuditAlert } from "@/lib/notify/audit-alert";
import { deliverRotationEvent } from "@/lib/notify/rotation";
import { once } from "@/lib/notify/send-once";

// Sends one event's notifications. Each (event, channel, recipient) is logged once in
// notification_log, so a retried job resends only what failed.

async function requestFacts(
  requestId: string,
  grantId?: string,
): Promise<{ facts: RequestFacts; requester: { id: string; groups: string[] }; riskLevel: RiskLevel | null } | null> {
  const r = await db().accessRequest.findUnique({
    where: { id: requestId },
    select: {
      id: true,
      kind: true,
      status: true,
      justification: true,
      decisionComment: true,
      serviceName: true,
      durationSeconds: true,
      provisioning: true,
      requester: { select: { id: true, email: true, name: true, groups: true } },
      decidedBy: { select: { email: true } },
      awsRole: { select: { roleName: true, account: { select: { name: true } } } },
      account: { select: { name: true } },
      grants: { where: grantId ? { id: grantId } : {}, select: { expiresAt: true }, orderBy: { expiresAt: "desc" }, take: 1 },
      risk: true,
      riskLevel: true,
      approvals: { select: { user: { select: { email: true } } }, orderBy: { at: "asc" } },
    },
  });
  if (!r) return null;
  const what =
    r.kind === "ROLE_ACCESS"
      ? `${r.awsRole?.roleName ?? "a role"} in ${r.awsRole?.account.name ?? "AWS"}`
      : `access for ${r.serviceName ?? "an external service"} in ${r.account?.name ?? "AWS"}`;
  const error = (r.provisioning as { error?: string } | null)?.error ?? null;
  const risk = riskSchema.safeParse(r.risk);
  return {
    requester: { id: r.requester.id, groups: r.requester.groups },
    riskLevel: (r.riskLevel ?? null) as RiskLevel | null,
    facts: {
      id: r.id,
      kind: r.kind,
      status: r.status,
      requester: r.requester,
      decidedBy: r.decidedBy,
      decisionComment: r.decisionComment,
      what,
      justification: r.justification,
      grantExpiresAt: r.grants[0]?.expiresAt ?? null,
      error,
      risk: risk.success ? risk.data : null,
      approvals: r.approvals.map((a) => ({ by: a.user.email })),
    },
  };
}

function audience(event: NotifyPayload["event"], requester: Recipient, approvers: Recipient[]): Recipient[] {
  switch (event) {
    case "request.created":
    case "request.approval_added":
      return approvers;
    case "request.approved":
    case "request.denied":
    case "request.expired":
    case "provisioning.succeeded":
    case "provisioning.failed":
      return [requester, ...approvers];
    default:
      return [requester];
  }
}

const EMAIL_CONCURRENCY = 5;

export async function deliver(payload: NotifyPayload): Promise<void> {
  if (payload.rotationId) return deliverRotationEvent(payload.event, payload.rotationId);
  if (payload.event === "audit.verification_failed" && payload.verificationId) return deliverAuditAlert(payload.verificationId);
  if (payload.event === "grant.break_glass" && payload.grantId) return deliverBreakGlassEvent(payload.grantId);
  if (!payload.requestId) return;
  const loaded = await requestFacts(payload.requestId, payload.grantId);
  if (!loaded) return;
  const { facts, riskLevel } = loaded;
  const message = composeMessage(payload.event, facts, env().AUTH_URL);
  const base = `${payload.event}:${payload.requestId}:${payload.grantId ?? ""}`;
  const failures: unknown[] = [];
  if (slackConfigured()) {
    // A request waiting for a decision carries buttons when the Slack app is configured;
    // Approve only when one click may approve it (not high or critical risk).
    const pending = payload.event === "request.created" || payload.event === "request.approval_added";
    const decide =
      pending && slackInteractive() ? { requestId: payload.requestId, approveInSlack: !needsCarefulApproval(riskLevel) } : undefined;
    await once(`${base}:slack`, "slack", "channel", payload, () => sendSlack(message, decide)).catch((e: unknown) => failures.push(e));
  }
  if (emailConfigured()) {
    const approvers = await approversOfRequest(facts.id);
    const people = audience(payload.event, { email: facts.requester.email, name: facts.requester.name, why: "requester" }, approvers);
    const unique = [...new Map(people.map((p) => [p.email, p])).values()];
    // A few at a time over the pooled SMTP connections: a request with many approvers must
    // not hold the queue up for seconds (each send is recorded once, so a retry resends none).
    const limit = createLimiter(EMAIL_CONCURRENCY);
    await Promise.all(
      unique.map((person) =>
        limit(() =>
          once(`${base}:email:${person.email}`, "email", person.email, payload, () => sendEmail(person.email, message)).catch(
            (e: unknown) => failures.push(e),
          ),
        ),
      ),
    );
  }
  if (failures.length) throw new Error(`${failures.length} notification(s) failed; the job will retry them`);
}
