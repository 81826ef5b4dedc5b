import "server-only";
import { auditRow } from "@/lib/audit/record";
import { systemCaller } from "@/lib/auth/caller";
import { db, Prisma } from "@/lib/db";
import type { LockHold } from "@/lib/locks/liveness";
import type { Recorder, RotationState, StepEvent } from "@/lib/rotation/ports";
import { nextRotationAfter } from "@/lib/rotation/schedule-plan";
import { isTerminal, rowFromState } from "@/lib/rotation/run-row";

// Persists each transition of the state machine atomically: the rotation row, a
// rotation_steps row for the live view, an audit entry, and, when the rotation ends, the
// integration's rotation dates. The machine waits for it before going on.
//
// One SQL statement (data-modifying CTEs run in one implicit transaction): this runs 16+
// times per rotation, and one round trip costs a fraction of an ORM transaction's several
// (bench/rotation.ts measures it). Times are stored as UTC in timestamp(3) columns, as
// Prisma does.

export type RecorderContext = { rotationId: string; integrationId: string; rotationIntervalDays: number };
/** Called after each transition is stored (the reliability tests inject a SIGKILL here). */
export type AfterRecord = (rotationId: string, event: StepEvent) => void;

const ts = (d: Date | null) => (d ? d.toISOString() : null);

export function dbRecorder(ctx: RecorderContext, hold?: LockHold, afterRecord?: AfterRecord): Recorder {
  const actor = systemCaller("rotation", ctx.rotationId);
  return {
    async record(state: RotationState, event: StepEvent) {
      // Nothing is recorded (so no next step begins) once the integration's lock is lost.
      hold?.assertHeld();
      const now = new Date();
      const finished = isTerminal(state.status);
      const succeeded = state.status === "succeeded";
      const row = rowFromState(state);
      const a = auditRow(actor, {
        action: "rotation.step",
        outcome: event.status === "failed" ? "failure" : "success",
        target: { type: "integration", id: ctx.integrationId },
        details: { rotationId: ctx.rotationId, step: event.step, status: event.status, detail: event.detail, error: event.error },
      });
      const next = finished ? nextRotationAfter(succeeded, now, ctx.rotationIntervalDays) : null;
      const [result] = await db().$queryRaw<{ updated: bigint }[]>(Prisma.sql`
        WITH r AS (
          UPDATE rotations SET
            status = ${row.status}::"RotationStatus", step = ${row.step}, in_flight = ${row.inFlight},
            old_access_key_id = ${row.oldAccessKeyId}, new_access_key_id = ${row.newAccessKeyId},
            pushed_at = ${ts(row.pushedAt)}::timestamp(3), deactivated_at = ${ts(row.deactivatedAt)}::timestamp(3),
            grace_until = ${ts(row.graceUntil)}::timestamp(3), restarts = ${row.restarts}, error = ${row.error}, warning = ${row.warning},
            finished_at = ${finished ? ts(now) : null}::timestamp(3), updated_at = ${ts(now)}::timestamp(3)
          WHERE id = ${ctx.rotationId}
          RETURNING id
        ), s AS (
          INSERT INTO rotation_steps (rotation_id, step, status, detail, error, at)
          SELECT id, ${event.step}, ${event.status}::"RotationStepStatus", ${event.detail ?? null}, ${event.error ?? null}, ${ts(now)}::timestamp(3) FROM r
          RETURNING id
        ), a AS (
          INSERT INTO audit_events (actor_id, actor_email, action, outcome, target_type, target_id, ip, user_agent, request_id, details)
          SELECT ${a.actorId}, ${a.actorEmail}, ${a.action}, ${a.outcome}::"AuditOutcome", ${a.targetType}, ${a.targetId}, ${a.ip}, ${a.userAgent}, ${a.requestId}, ${JSON.stringify(a.details)}::jsonb FROM r
          RETURNING id
        ), i AS (
          UPDATE integrations SET
            last_rotated_at = CASE WHEN ${succeeded}::boolean THEN ${ts(now)}::timestamp(3) ELSE last_rotated_at END,
            next_rotation_at = ${ts(next)}::timestamp(3), updated_at = ${ts(now)}::timestamp(3)
          WHERE id = ${ctx.integrationId} AND ${finished}::boolean AND EXISTS (SELECT 1 FROM r)
          RETURNING id
        )
        -- The other data-modifying CTEs run to completion whether or not they are read.
        SELECT count(*) AS updated FROM r`);
      // The rotation row is gone only if its integration was deleted meanwhile: stop here.
      if (!result || Number(result.updated) !== 1) throw new Error(`rotation ${ctx.rotationId} no longer exists`);
      afterRecord?.(ctx.rotationId, event);
    },
  };
}
