import "server-only";
import { roleMapping } from "@/lib/auth/session-lookup";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { emailConfigured, sendEmail, sendSlack, slackConfigured } from "@/lib/notify/channels";
import { once } from "@/lib/notify/send-once";
import type { NotifyPayload } from "@/lib/notify/events";
import { rotationMessage } from "@/lib/notify/rotation-message";

// Alerts about a rotation that failed, rolled back or finished with a warning: to Slack
// when configured, and by email to the integration's owner and every admin. Each
// (event, channel, recipient) is sent once, so a retried job resends only what failed.

export async function adminEmails(): Promise<string[]> {
  const groups = roleMapping().adminGroups;
  if (groups.length === 0) return [];
  const admins = await db().user.findMany({ where: { groups: { hasSome: groups } }, select: { email: true } });
  return admins.map((a) => a.email);
}

export async function deliverRotationEvent(event: NotifyPayload["event"], rotationId: string): Promise<void> {
  const r = await db().rotation.findUnique({
    where: { id: rotationId },
    select: {
      id: true,
      status: true,
      error: true,
      warning: true,
      oldAccessKeyId: true,
      newAccessKeyId: true,
      integration: {
        select: { id: true, name: true, iamUserName: true, ownerEmail: true, account: { select: { accountId: true, name: true } } },
      },
    },
  });
  if (!r) return;
  const message = rotationMessage(event, r, env().AUTH_URL);
  const payload = { event, rotationId };
  const base = `${event}:rotation:${rotationId}`;
  const failures: unknown[] = [];
  if (slackConfigured()) {
    await once(`${base}:slack`, "slack", "channel", payload, () => sendSlack(message)).catch((e: unknown) => failures.push(e));
  }
  if (emailConfigured()) {
    const people = [...new Set([r.integration.ownerEmail, ...(await adminEmails())].map((e) => e.toLowerCase()))];
    // In parallel: every admin is told, and one slow mailbox must not hold up the others.
    await Promise.all(
      people.map((email) =>
        once(`${base}:email:${email}`, "email", email, payload, () => sendEmail(email, message)).catch((e: unknown) => failures.push(e)),
      ),
    );
  }
  if (failures.length) throw new Error(`${failures.length} notification(s) failed; the job will retry them`);
}
