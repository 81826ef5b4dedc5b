import "server-only";
import { db } from "@/lib/db";
import type { NotifyPayload } from "@/lib/notify/events";

// Each (event, channel, recipient) is logged once in notification_log under a key, so a
// retried job resends only what failed. Its own module: every deliverer (requests,
// rotations, break-glass) uses it, and lib/notify/deliver.ts dispatches to them.

/** Sends unless the key's row says it was sent; records the outcome (or the error) on the row. */
export async function once(
  key: string,
  channel: string,
  recipient: string,
  payload: NotifyPayload,
  send: () => Promise<void>,
): Promise<void> {
  const existing = await db().notificationLog.findUnique({ where: { key }, select: { sentAt: true } });
  if (existing?.sentAt) return;
  if (!existing) {
    await db().notificationLog.createMany({
      data: [{ key, channel, recipient, event: payload.event, requestId: payload.requestId ?? null }],
      skipDuplicates: true,
    });
  }
  try {
    await send();
    await db().notificationLog.update({ where: { key }, data: { sentAt: new Date(), error: null } });
  } catch (error) {
    await db().notificationLog.update({ where: { key }, data: { error: error instanceof Error ? error.message.slice(0, 500) : "failed" } });
    throw error;
  }
}
