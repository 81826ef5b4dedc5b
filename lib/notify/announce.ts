import "server-only";
import { notifyJob } from "@/lib/jobs/definitions/notify";
import { enqueue } from "@/lib/jobs/enqueue";
import { logger } from "@/lib/logger";
import type { NotifyPayload } from "@/lib/notify/events";

/**
 * Queues the notifications for an event. The decision itself is already saved; a queue
 * that cannot be reached is retried once, then logged (the audit log still has the event).
 */
export async function announce(payload: NotifyPayload): Promise<void> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      await enqueue(notifyJob, payload, { retryLimit: 5, retryDelay: 10, retryBackoff: true });
      return;
    } catch (error) {
      if (attempt === 2) logger().error({ err: error, event: payload.event }, "could not queue notifications");
    }
  }
}
