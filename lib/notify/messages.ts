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
};

export type Message = { subject: string; text: string; link: string };

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
        text: `${who} requests ${r.what}.\nWhy: ${r.justification}\nReview it: ${link}`,
        link,
      };
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
      return { subject: `Rotation ${event === "rotation.failed" ? "failed" : "needs attention"}`, text: `${r.error ?? ""}\n${link}`, link };
  }
}

// ── Break-glass (issue 12 §4) ─────────────────────────────────────────────────────────────
// Everything the person typed (and names) is kept on one line, so it cannot draw fake lines
// under ours, and for Slack also escaped (&, <, >), so it cannot mention a channel or hide a
// link. The email is plain text.

export type BreakGlassFacts = {
  user: { email: string; name: string | null };
  roleName: string;
  accountName: string;
  justification: string;
  startsAt: Date;
  expiresAt: Date;
};

const oneLine = (s: string) =>
  s
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ")
    .trim()
    .slice(0, 500);
const slackText = (s: string) => oneLine(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function breakGlassMessage(f: BreakGlassFacts, appUrl: string): Message & { slack: string } {
  const link = `${appUrl}/approvals#break-glass`;
  const say = (safe: (s: string) => string) =>
    `${safe(f.user.name ?? f.user.email)} (${safe(f.user.email)}) activated break-glass access to ${safe(f.roleName)} in ${safe(f.accountName)} ` +
    `at ${when(f.startsAt)}, without approval, until ${when(f.expiresAt)}.\nWhy: “${safe(f.justification)}”\n` +
    `A manager or admin other than them must review this use: ${link}`;
  return {
    subject: oneLine(`Break-glass: ${f.user.name ?? f.user.email} activated ${f.roleName} in ${f.accountName}`),
    text: say(oneLine),
    slack: say(slackText),
    link,
  };
}
