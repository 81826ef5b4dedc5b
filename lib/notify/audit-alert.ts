import "server-only";
import type { ChainHead } from "@/lib/audit/head";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { emailConfigured, sendEmail, sendSlack, slackConfigured } from "@/lib/notify/channels";
import { once } from "@/lib/notify/send-once";
import { adminEmails } from "@/lib/notify/rotation";

// The audit chain failed its verification (lib/audit/head.ts): every admin is told, on
// Slack when configured and by email, once per failed verification.

export async function deliverAuditAlert(verificationId: string): Promise<void> {
  const row = await db().auditVerification.findUnique({ where: { id: BigInt(verificationId) }, select: { head: true } });
  if (!row) return;
  const head = row.head as ChainHead;
  const link = `${env().AUTH_URL}/audit`;
  const message = {
    subject: `Audit log verification FAILED at entry ${head.firstBadId}`,
    text:
      `The scheduled verification of the audit log found entry ${head.firstBadId} altered: ${head.problem}.\n` +
      `The log may have been changed in the database, behind Keyless. Investigate before trusting it.\n\n${link}`,
    link,
  };
  const payload = { event: "audit.verification_failed" as const, verificationId };
  const base = `audit.verification_failed:${verificationId}`;
  const failures: unknown[] = [];
  if (slackConfigured())
    await once(`${base}:slack`, "slack", "channel", payload, () => sendSlack(message)).catch((e: unknown) => failures.push(e));
  if (emailConfigured()) {
    await Promise.all(
      (await adminEmails()).map((email) =>
        once(`${base}:email:${email}`, "email", email, payload, () => sendEmail(email, message)).catch((e: unknown) => failures.push(e)),
      ),
    );
  }
  if (failures.length) throw new Error(`${failures.length} notification(s) failed; the job will retry them`);
}
