import "server-only";
import { db } from "@/lib/db";
import { notifyJob } from "@/lib/jobs/definitions/notify";
import { enqueue } from "@/lib/jobs/enqueue";

// Rotations that ended badly (failed, rolled back) or with a warning (old key used during
// the grace period) are announced once: `alerted_at` works as an outbox flag, set after
// the notification is queued, so a crash in between re-announces rather than loses it (the
// notify job de-duplicates per event and recipient). The dashboard banner reads the
// rotations themselves and needs none of this.

// A first key's delivery (provisioning) is announced by provisioning itself.
const NEEDS_ALERT = {
  alertedAt: null,
  trigger: { not: "provisioning" as const },
  finishedAt: { not: null },
  OR: [{ status: { in: ["failed", "rolled_back"] as ("failed" | "rolled_back")[] } }, { warning: { not: null } }],
};

export async function flushRotationAlerts(filter: { rotationId?: string } = {}): Promise<number> {
  const pending = await db().rotation.findMany({
    where: { ...NEEDS_ALERT, ...(filter.rotationId ? { id: filter.rotationId } : {}) },
    select: { id: true, status: true },
    take: 100,
  });
  for (const r of pending) {
    // Not announce(): a queue failure must throw here, so the flag stays unset for a retry.
    const event = r.status === "succeeded" ? "rotation.warning" : "rotation.failed";
    await enqueue(notifyJob, { event, rotationId: r.id }, { retryLimit: 5, retryDelay: 10, retryBackoff: true });
    await db().rotation.updateMany({ where: { id: r.id, alertedAt: null }, data: { alertedAt: new Date() } });
  }
  return pending.length;
}
