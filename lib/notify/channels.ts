import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

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

/** Approve and Deny buttons for a pending request (lib/slack/interactions.ts handles the clicks). */
export type SlackDecisionButtons = { requestId: string };

export async function sendSlack(text: string, link: string, decide?: SlackDecisionButtons): Promise<void> {
  const url = env().KEYLESS_SLACK_WEBHOOK_URL;
  if (!url) return;
  const buttons: unknown[] = decide
    ? [
        {
          type: "button",
          text: { type: "plain_text", text: "Approve" },
          style: "primary",
          action_id: "keyless_approve",
          value: decide.requestId,
        },
        {
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
        },
      ]
    : [];
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      text,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text } },
        {
          type: "actions",
          elements: [
            ...buttons,
            { type: "button", text: { type: "plain_text", text: "Open in Keyless" }, url: link, action_id: "keyless_open" },
          ],
        },
      ],
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`Slack webhook answered ${res.status}`);
}

const globalForMail = globalThis as unknown as { keylessMail?: Transporter };

export async function sendEmail(to: string, subject: string, text: string): Promise<void> {
  const smtp = env().KEYLESS_SMTP_URL;
  if (!smtp) return;
  globalForMail.keylessMail ??= nodemailer.createTransport(smtp, { connectionTimeout: 10_000 });
  await globalForMail.keylessMail.sendMail({ from: env().KEYLESS_MAIL_FROM, to, subject, text });
}
