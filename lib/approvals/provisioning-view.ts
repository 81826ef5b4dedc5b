import "server-only";
import type { Provisioning } from "@/lib/approvals/provisioning-steps";
import type { UserCaller } from "@/lib/auth/caller";
import { can, requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { stepRows, type StepRow } from "@/lib/rotation/step-view";

// The live view of a request's first-key delivery: the steps of the rotation that
// delivers it, as the rotation page shows them, for whoever may see the request (the
// requester may not be allowed to read integrations). Null when no delivery is under way:
// once the request is settled, its own record holds a copy of those steps.

export type DeliveryView = { status: string; rows: StepRow[] };

export async function firstKeyDelivery(caller: UserCaller, requestId: string): Promise<DeliveryView | null> {
  const request = await db().accessRequest.findUnique({
    where: { id: requestId },
    select: { status: true, provisioning: true, requesterId: true },
  });
  const mine = request?.requesterId === caller.userId;
  if (!request || (!mine && !can(caller, "requests.read.all"))) throw new NotFoundError("The request");
  await requirePermission(caller, mine ? "requests.read.own" : "requests.read.all");
  const rotationId = (request.provisioning as Provisioning | null)?.rotationId;
  if (request.status !== "PROVISIONING" || !rotationId) return null;
  const rotation = await db().rotation.findUnique({
    where: { id: rotationId },
    select: {
      status: true,
      step: true,
      trigger: true,
      steps: { orderBy: { id: "asc" }, select: { step: true, status: true, detail: true, error: true, at: true } },
    },
  });
  return rotation ? { status: rotation.status, rows: stepRows(rotation.steps, rotation) } : null;
}
