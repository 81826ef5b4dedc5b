import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { escapeHtml, escapeSlack, slackPlain, subjectLine } from "@/lib/notify/escape";
import type { Message } from "@/lib/notify/messages";

// Delivery channels. Both are optional: an unset channel is skipped, not an error.

export function slackConfigured(): boolean {
  return Boolean(env().KEYLESS_SLACK_WEBHOOK_URL);
}

/** Approve/Deny buttons need the signing secret (to trust the click) and the bot token (to know who clicked). */
export function slackInteractive(): boolean {
  const e = env();
  return Boolean(e.KEYLESS_SLACK_WEBHOOK_URL && e.KEYLESS_SLACK_SIGNING_SECRET && e.KEYLESS_SLACK_BOT_TOKEN);
}

export function emailConfigured(): boolean {
  return Boolean(env().KEYLESS_SMTP_URL);
}

/**
 * Buttons for a pending request (lib/slack/interactions.ts handles the clicks). A request
 * that needs careful approval (high or critical risk) gets no Approve button: approving it
 * takes the request page, where the approver reads the analysis and types to confirm.
 */
export type SlackDecisionButtons = { requestId: string; approveInSlack: boolean };

function decisionButtons(decide: SlackDecisionButtons): unknown[] {
  const deny = {
    type: "button",
    text: { type: "plain_text", text: "Deny" },
    style: "danger",
    action_id: "keyless_deny",
    value: decide.requestId,
    confirm: {
      title: { type: "plain_text", text: "Deny this request?" },
      text: { type: "plain_text", text: "The requester is told. To explain why, deny in Keyless with a comment." },
      confirm: { type: "plain_text", text: "Deny" },
      deny: { type: "plain_text", text: "Cancel" },
    },
  };
  if (!decide.approveInSlack) return [deny];
  return [
    {
      type: "button",
      text: { type: "plain_text", text: "Approve" },
      style: "primary",
      action_id: "keyless_approve",
      value: decide.requestId,
    },
    deny,
  ];
}

/**
 * Posts to the Slack webhook. Everything in the message may hold people's words, so the
 * blocks are plain_text (Slack shows them as written: no mentions, links or formatting),
 * and the notification fallback `text` is escaped.
 */
export async function sendSlack(message: Message, decide?: SlackDecisionButtons): Promise<void> {
  const url = env().KEYLESS_SLACK_WEBHOOK_URL;
  if (!url) return;
  const blocks: unknown[] = [{ type: "section", text: slackPlain(message.text) }];
  if (message.risk?.length) blocks.push({ type: "section", text: slackPlain(message.risk.join("\n")) });
  const open = {
    type: "button",
    text: { type: "plain_text", text: decide && !decide.approveInSlack ? "Review and approve in Keyless" : "Open in Keyless" },
    url: message.link,
    action_id: "keyless_open",
  };
  blocks.push({ type: "actions", elements: [...(decide ? decisionButtons(decide) : []), open] });
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ text: escapeSlack(message.subject), blocks }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`Slack webhook answered ${res.status}`);
}

const globalForMail = globalThis as unknown as { keylessMail?: Transporter };

/** Pooled unless the URL says otherwise: messages reuse a few open SMTP connections instead of one handshake each. */
function pooled(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has("pool")) url.searchParams.set("pool", "true");
  if (!url.searchParams.has("maxConnections")) url.searchParams.set("maxConnections", "5");
  return url.toString();
}

/** Plain text and an HTML alternative, both from the same message; people's words escaped in HTML. */
export async function sendEmail(to: string, message: Message): Promise<void> {
  const smtp = env().KEYLESS_SMTP_URL;
  if (!smtp) return;
  globalForMail.keylessMail ??= nodemailer.createTransport(pooled(smtp), { connectionTimeout: 10_000 });
  const risk = message.risk?.length ? `\n\n${message.risk.join("\n")}` : "";
  await globalForMail.keylessMail.sendMail({
    from: env().KEYLESS_MAIL_FROM,
    to,
    subject: subjectLine(message.subject),
    text: `${message.text}${risk}`,
    html: emailHtml(message),
  });
}

function emailHtml(message: Message): string {
  const paragraphs = message.text
    .split("\n")
    .map((line) => `<p style="margin:0 0 8px">${escapeHtml(line)}</p>`)
    .join("");
  const risk = message.risk?.length
    ? `<div style="margin:12px 0;padding:10px 12px;border-left:4px solid ${/^Risk: (Critical|High)|not analysed/.test(message.risk[0] ?? "") ? "#dc2626" : "#64748b"};background:#f8fafc">${message.risk
        .map((line) => `<div>${escapeHtml(line)}</div>`)
        .join("")}</div>`
    : "";
  return `<!doctype html><html><body style="font:14px/1.5 system-ui,sans-serif;color:#0f172a">${paragraphs}${risk}<p><a href="${escapeHtml(message.link)}">Open in Keyless</a></p></body></html>`;
}
