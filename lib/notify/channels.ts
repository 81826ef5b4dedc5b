import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

// Delivery channels. Both are optional: an unset channel is skipped, not an error.

export function slackConfigured(): boolean {
  return Boolean(env().KEYLESS_SLACK_WEBHOOK_URL);
}

export function emailConfigured(): boolean {
  return Boolean(env().KEYLESS_SMTP_URL);
}

export async function sendSlack(text: string, link: string): Promise<void> {
  const url = env().KEYLESS_SLACK_WEBHOOK_URL;
  if (!url) return;
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      text,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text } },
        { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open in Keyless" }, url: link }] },
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
