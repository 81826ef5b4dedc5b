import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { emailConfigured, sendEmail, sendSlack, slackConfigured } from "@/lib/notify/channels";
import { once } from "@/lib/notify/send-once";
import { breakGlassMessage } from "@/lib/notify/messages";
import { roleApprovers } from "@/lib/notify/recipients";

// A break-glass activation, told at once to Slack and by email to every approver of the
// role and every admin (never the person who used it: they know). Each (channel,
// recipient) is sent once, so a retried job resends only what failed.

export async function deliverBreakGlassEvent(grantId: string): Promise<void> {
  const grant = await db().grant.findUnique({
    where: { id: grantId },
    select: {
      breakGlass: true,
      justification: true,
      startsAt: true,
      expiresAt: true,
      user: { select: { id: true, email: true, name: true } },
      awsRole: { select: { id: true, awsAccountId: true, roleName: true, account: { select: { name: true } } } },
    },
  });
  if (!grant?.breakGlass) return;
  const message = breakGlassMessage(
    {
      user: grant.user,
      roleName: grant.awsRole.roleName,
      accountName: grant.awsRole.account.name,
      justification: grant.justification ?? "",
      startsAt: grant.startsAt,
      expiresAt: grant.expiresAt,
    },
    env().AUTH_URL,
  );
  const payload = { event: "grant.break_glass" as const, grantId };
  const base = `grant.break_glass:${grantId}`;
  const failures: unknown[] = [];
  if (slackConfigured()) {
    await once(`${base}:slack`, "slack", "channel", payload, () => sendSlack(message)).catch((e: unknown) => failures.push(e));
  }
  if (emailConfigured()) {
    const target = { kind: "ROLE_ACCESS" as const, awsRoleId: grant.awsRole.id, awsAccountId: grant.awsRole.awsAccountId };
    const people = await roleApprovers(target, grant.user.id);
    // In parallel: everyone is told now, and one slow mailbox must not hold up the others.
    await Promise.all(
      people.map((p) =>
        once(`${base}:email:${p.email}`, "email", p.email, payload, () => sendEmail(p.email, message)).catch((e: unknown) =>
          failures.push(e),
        ),
      ),
    );
  }
  if (failures.length) throw new Error(`${failures.length} notification(s) failed; the job will retry them`);
}
