import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { emailConfigured, sendEmail, sendSlack, slackConfigured } from "@/lib/notify/channels";
import { adminEmails } from "@/lib/notify/rotation";
import { once } from "@/lib/notify/send-once";
import { humanKeySql } from "@/lib/retirement/human-key-sql";
import { isoWeek } from "@/lib/retirement/iso-week";

// The weekly key summary to admins: keys retired in the last seven days, keys left (human
// and service), and the oldest active keys with their owners. Logged per ISO week and
// recipient in notification_log, so a retried or repeated run sends nothing twice.

export type WeeklySummary = {
  week: string;
  retired: number;
  deleted: number;
  left: { human: number; service: number };
  oldest: { accessKeyId: string; userName: string; accountId: string; owner: string | null; ageDays: number }[];
};

const DAY_MS = 86_400_000;

export async function weeklySummary(caller: Caller, now = new Date()): Promise<WeeklySummary> {
  await requirePermission(caller, "keys.read.all");
  const since = new Date(now.getTime() - 7 * DAY_MS);
  const [[counts], [left], oldest] = await Promise.all([
    db().$queryRaw<{ retired: number; deleted: number }[]>`
      SELECT count(*) FILTER (WHERE deactivated_at >= ${since} AND status <> 'undone')::int AS retired,
             count(*) FILTER (WHERE status = 'deleted' AND finished_at >= ${since})::int AS deleted
      FROM key_retirements`,
    db().$queryRaw<{ human: number; service: number }[]>`
      SELECT count(*) FILTER (WHERE h)::int AS human, count(*) FILTER (WHERE NOT h)::int AS service
      FROM (SELECT ${humanKeySql()} AS h FROM access_keys k WHERE k.deleted_at IS NULL AND k.status = 'ACTIVE') x`,
    db().accessKey.findMany({
      where: { deletedAt: null, status: "ACTIVE" },
      orderBy: [{ createdAt: "asc" }, { accessKeyId: "asc" }],
      take: 5,
      select: { accessKeyId: true, userName: true, accountId: true, owner: true, createdAt: true },
    }),
  ]);
  return {
    week: isoWeek(now),
    retired: counts?.retired ?? 0,
    deleted: counts?.deleted ?? 0,
    left: { human: left?.human ?? 0, service: left?.service ?? 0 },
    oldest: oldest.map((k) => ({ ...k, ageDays: Math.floor((now.getTime() - k.createdAt.getTime()) / DAY_MS) })),
  };
}

export function summaryMessage(s: WeeklySummary, appUrl: string) {
  const link = `${appUrl}/keys/burndown`;
  const lines = [
    `Long-lived AWS keys, week ${s.week}.`,
    `Retired this week: ${s.retired} deactivated, ${s.deleted} deleted.`,
    `Keys left: ${s.left.human + s.left.service} active (${s.left.human} human, ${s.left.service} service).`,
    "",
    "Oldest active keys:",
    ...s.oldest.map((k) => `- ${k.accessKeyId} (${k.userName} in ${k.accountId}), ${k.ageDays} days, owner ${k.owner ?? "unknown"}`),
  ];
  return { subject: `Keyless weekly: ${s.retired} keys retired, ${s.left.human + s.left.service} left`, text: lines.join("\n"), link };
}

/** Sends the week's summary to every admin (email) and the Slack channel, once per week. */
export async function deliverWeeklySummary(caller: Caller, now = new Date()): Promise<WeeklySummary> {
  const summary = await weeklySummary(caller, now);
  const message = summaryMessage(summary, env().AUTH_URL);
  const payload = { event: "keys.weekly_summary" as const };
  const base = `keys.weekly_summary:${summary.week}`;
  const failures: unknown[] = [];
  if (slackConfigured())
    await once(`${base}:slack`, "slack", "channel", payload, () => sendSlack(message)).catch((e: unknown) => failures.push(e));
  if (emailConfigured()) {
    for (const email of await adminEmails()) {
      await once(`${base}:email:${email}`, "email", email, payload, () => sendEmail(email, message)).catch((e: unknown) =>
        failures.push(e),
      );
    }
  }
  if (failures.length) throw new Error(`${failures.length} weekly summary message(s) failed; the job will retry them`);
  return summary;
}
