import { riskSummaryLines } from "@/lib/approvals/analysis/summary";
import type { Risk } from "@/lib/approvals/risk-types";
import type { NotifyPayload } from "@/lib/notify/events";

export type RequestFacts = {
  id: string;
  kind: "ROLE_ACCESS" | "EXTERNAL_ACCESS";
  status: string;
  requester: { email: string; name: string | null };
  decidedBy: { email: string } | null;
  decisionComment: string | null;
  what: string;
  justification: string;
  grantExpiresAt: Date | null;
  error: string | null;
  /** The policy analysis, for events an approver acts on (null: not analysed). */
  risk?: Risk | null;
  /** Approvals so far, for a request that needs more than one. */
  approvals?: { by: string }[];
};

/**
 * A notification as plain text (every channel escapes or quotes it: lib/notify/channels.ts),
 * the link to act, and for approvers the risk in a few lines.
 */
export type Message = { subject: string; text: string; link: string; risk?: string[] };

const when = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "");

/** What each event says, in words a person acts on, with the link to act. */
export function composeMessage(event: NotifyPayload["event"], r: RequestFacts, appUrl: string): Message {
  const link = `${appUrl}/requests/${r.id}`;
  const who = r.requester.name ?? r.requester.email;
  const by = r.decidedBy?.email ?? "an approver";
  const comment = r.decisionComment ? `\nComment: “${r.decisionComment}”` : "";
  switch (event) {
    case "request.created":
      return {
        subject: `Approval needed: ${who} requests ${r.what}`,
        text: `${who} requests ${r.what}.\nWhy (in their words): “${r.justification}”\nReview it: ${link}`,
        link,
        risk: riskSummaryLines(r.risk ?? null),
      };
    case "request.approval_added": {
      const so = (r.approvals ?? []).map((a) => a.by).join(", ");
      return {
        subject: `Second approval needed: ${who} requests ${r.what}`,
        text: `${so || "An approver"} approved ${who}'s request for ${r.what}. It is high risk and needs another approval (an admin, or a second approver) before it takes effect.\nWhy (in their words): “${r.justification}”\nReview it: ${link}`,
        link,
        risk: riskSummaryLines(r.risk ?? null),
      };
    }
    case "request.approved":
      return {
        subject: `Approved: ${r.what} for ${who}`,
        text: `${by} approved ${who}'s request for ${r.what}.${r.grantExpiresAt ? `\nAccess lasts until ${when(r.grantExpiresAt)}.` : ""}${comment}\n${link}`,
        link,
      };
    case "request.denied":
      return { subject: `Denied: ${r.what} for ${who}`, text: `${by} denied ${who}'s request for ${r.what}.${comment}\n${link}`, link };
    case "request.expired":
      return {
        subject: `Expired: ${who}'s request for ${r.what}`,
        text: `Nobody decided ${who}'s request for ${r.what} in time; it expired. Request again if it is still needed.\n${link}`,
        link,
      };
    case "grant.expired":
      return { subject: `Access ended: ${r.what} for ${who}`, text: `${who}'s approved access to ${r.what} has ended.\n${link}`, link };
    case "grant.revoked":
      return {
        subject: `Access revoked: ${r.what} for ${who}`,
        text: `An admin revoked ${who}'s access to ${r.what} before it was due to end.\n${link}`,
        link,
      };
    case "grant.break_glass":
      // Sent from the grant itself (breakGlassMessage below); here only for completeness.
      return { subject: `Break-glass access: ${r.what}`, text: `${who} activated break-glass access to ${r.what}.\n${link}`, link };
    case "provisioning.succeeded":
      return {
        subject: `Ready: ${r.what}`,
        text: `Keyless created ${r.what} for ${who}, pushed its key to the target and scheduled its rotation.\n${link}`,
        link,
      };
    case "provisioning.failed":
      return {
        subject: `Provisioning failed: ${r.what}`,
        text: `Keyless could not provision ${r.what} for ${who}: ${r.error ?? "see the request"}. What was created was undone.\n${link}`,
        link,
      };
    case "rotation.failed":
    case "rotation.warning":
    case "audit.verification_failed":
    case "keys.weekly_summary":
      return { subject: `Rotation ${event === "rotation.failed" ? "failed" : "needs attention"}`, text: `${r.error ?? ""}\n${link}`, link };
  }
}

// ── Break-glass (issue 12 §4) ─────────────────────────────────────────────────────────────
// Plain text like every message: the channels escape or quote people's words (channels.ts).

export type BreakGlassFacts = {
  user: { email: string; name: string | null };
  roleName: string;
  accountName: string;
  justification: string;
  startsAt: Date;
  expiresAt: Date;
};

export function breakGlassMessage(f: BreakGlassFacts, appUrl: string): Message {
  const link = `${appUrl}/approvals#break-glass`;
  const who = f.user.name ?? f.user.email;
  return {
    subject: `Break-glass: ${who} activated ${f.roleName} in ${f.accountName}`,
    text:
      `${who} (${f.user.email}) activated break-glass access to ${f.roleName} in ${f.accountName} at ${when(f.startsAt)}, ` +
      `without approval, until ${when(f.expiresAt)}.\nWhy (in their words): “${f.justification}”\n` +
      `A manager or admin other than them must review this use: ${link}`,
    link,
  };
}
