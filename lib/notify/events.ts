import { z } from "zod";
import { auditEntryId } from "@/lib/audit/entry-id";

export const NOTIFY_EVENTS = [
  "request.created",
  "request.approved",
  "request.approval_added",
  "request.denied",
  "request.expired",
  "grant.expired",
  "grant.revoked",
  "grant.break_glass",
  "provisioning.succeeded",
  "provisioning.failed",
  "rotation.failed",
  "rotation.warning",
  "audit.verification_failed",
  "keys.weekly_summary",
] as const;

export const notifyPayloadSchema = z.object({
  event: z.enum(NOTIFY_EVENTS),
  requestId: z.string().max(64).optional(),
  grantId: z.string().max(64).optional(),
  rotationId: z.string().max(64).optional(),
  verificationId: auditEntryId().optional(),
});
export type NotifyPayload = z.infer<typeof notifyPayloadSchema>;
