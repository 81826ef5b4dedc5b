import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db, Prisma } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { rotationJobOptions, rotationRunJob } from "@/lib/jobs/definitions/rotation-run";

// Starting a rotation: a row in state "check", then a job to run it. The partial unique
// index on rotations(integration_id) WHERE status IN ('running','waiting') makes a second
// concurrent start fail; it is answered with the rotation already under way, so two
// simultaneous "rotate" clicks (on any number of app instances) give one rotation.

export type RotationTrigger = "manual" | "scheduled" | "overdue" | "provisioning";
export type Started = { rotationId: string; created: boolean };

const requester = (caller: Caller) => (caller.kind === "user" ? caller.email : `system:${caller.name}`);

async function activeRotationId(integrationId: string): Promise<string | null> {
  const r = await db().rotation.findFirst({ where: { integrationId, status: { in: ["running", "waiting"] } }, select: { id: true } });
  return r?.id ?? null;
}

export async function startRotation(caller: Caller, integrationId: string, trigger: RotationTrigger): Promise<Started> {
  await requirePermission(caller, "rotations.run");
  const integration = await db().integration.findUnique({ where: { id: integrationId }, select: { enabled: true, name: true } });
  if (!integration) throw new NotFoundError("The integration");
  if (!integration.enabled) throw new ConflictError(`Integration “${integration.name}” is disabled; enable it to rotate its key.`);

  let rotationId: string;
  try {
    // The row and its audit entry commit together: a rotation nobody could audit never starts.
    rotationId = await withAudit(caller, "rotation.start", { type: "integration", id: integrationId }, async (tx) => {
      const row = await tx.rotation.create({ data: { integrationId, trigger, requestedBy: requester(caller) }, select: { id: true } });
      return { value: row.id, details: { rotationId: row.id, trigger } };
    });
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    const existing = await activeRotationId(integrationId);
    if (existing) return { rotationId: existing, created: false };
    throw new ConflictError("A rotation of this integration just started or ended; try again.");
  }
  // Should this fail, the row stays "running" without a job and the scheduler's recovery
  // pass queues one (lib/rotation/recover.ts).
  const jobId = await enqueue(rotationRunJob, { rotationId }, rotationJobOptions(integrationId));
  await db().rotation.update({ where: { id: rotationId }, data: { jobId }, select: { id: true } });
  return { rotationId, created: true };
}
