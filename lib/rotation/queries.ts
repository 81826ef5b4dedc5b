import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { rotationStateSelect } from "@/lib/rotation/run-row";

// Reading rotations: one with its steps (the live view and GET /api/v1/rotations/{id}),
// and the integrations whose last finished rotation needs someone's attention.

export async function getRotation(caller: Caller, id: string) {
  await requirePermission(caller, "integrations.read");
  const r = await db().rotation.findUnique({
    where: { id },
    select: {
      id: true,
      ...rotationStateSelect,
      requestedBy: true,
      startedAt: true,
      finishedAt: true,
      integration: { select: { id: true, name: true, iamUserName: true, targetType: true } },
      steps: { orderBy: { id: "asc" }, select: { id: true, step: true, status: true, detail: true, error: true, at: true } },
    },
  });
  if (!r) throw new NotFoundError("The rotation");
  const { steps, integration, ...state } = r;
  return {
    state: {
      ...state,
      integrationId: integration.id,
      integrationName: integration.name,
      iamUserName: integration.iamUserName,
      targetType: integration.targetType,
    },
    steps: steps.map((s) => ({ ...s, id: s.id.toString() })),
  };
}
export type RotationDetail = Awaited<ReturnType<typeof getRotation>>;

export type Attention = { integrationId: string; integrationName: string; rotationId: string; status: string; message: string; at: Date };

/**
 * Integrations whose most recent finished rotation failed, was rolled back or warned. A
 * later successful rotation without a warning clears it; nothing else needs dismissing.
 */
export async function rotationsNeedingAttention(caller: Caller): Promise<Attention[]> {
  await requirePermission(caller, "integrations.read");
  // Each integration's last finished rotation, one index probe each (rotations' (integration_id,
  // started_at) index), however long the rotation history grows: the banner is on every page.
  const rows = await db().$queryRaw<
    { integration_id: string; name: string; id: string; status: string; error: string | null; warning: string | null; finished_at: Date }[]
  >`
    SELECT i.id AS integration_id, i.name, r.id, r.status::text AS status, r.error, r.warning, r.finished_at
    FROM integrations i
    CROSS JOIN LATERAL (
      SELECT id, status, error, warning, finished_at FROM rotations
       WHERE integration_id = i.id AND finished_at IS NOT NULL
       ORDER BY started_at DESC LIMIT 1
    ) r
    WHERE r.status <> 'succeeded' OR r.warning IS NOT NULL`;
  return rows
    .map((r) => ({
      integrationId: r.integration_id,
      integrationName: r.name,
      rotationId: r.id,
      status: r.status,
      message: r.warning && r.status === "succeeded" ? r.warning : (r.error ?? "The rotation failed."),
      at: r.finished_at,
    }))
    .sort((a, b) => b.at.getTime() - a.at.getTime());
}
