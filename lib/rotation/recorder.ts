import "server-only";
import { auditInsertCte, runAuditedStatement } from "@/lib/audit/statement";
import { systemCaller } from "@/lib/auth/caller";
import { Prisma } from "@/lib/db";
import type { LockHold } from "@/lib/locks/liveness";
import type { Recorder, RotationState, StepEvent } from "@/lib/rotation/ports";
import { nextRotationAfter } from "@/lib/rotation/schedule-plan";
import { isTerminal, rowFromState } from "@/lib/rotation/run-row";

// Persists each transition of the state machine atomically: the rotation row, a
// rotation_steps row for the live view, an audit entry, and, when the rotation ends, the
// integration's rotation dates. The machine waits for it before going on.
//
// One SQL statement (data-modifying CTEs), whose audit entry lib/audit seals in the same
// transaction (runAuditedStatement): this runs 16+ times per rotation, and a few pg round
// trips cost a fraction of an ORM transaction's (bench/rotation.ts measures it). Times are stored as UTC in timestamp(3) columns, as
// Prisma does.

export type RecorderContext = { rotationId: string; integrationId: string; rotationIntervalDays: number };

const ts = (d: Date | null) => (d ? d.toISOString() : null);

/** Called after each transition is stored (the reliability tests inject a SIGKILL here). */
export type AfterRecord = (rotationId: string, event: StepEvent) => void;

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
      const audit = auditInsertCte(
        actor,
        {
          action: "rotation.step",
          outcome: event.status === "failed" ? "failure" : "success",
          target: { type: "integration", id: ctx.integrationId },
          details: { rotationId: ctx.rotationId, step: event.step, status: event.status, detail: event.detail, error: event.error },
        },
        Prisma.sql`FROM r`,
      );
      const next = finished ? nextRotationAfter(succeeded, now, ctx.rotationIntervalDays) : null;
      const [result] = await runAuditedStatement<{ updated: string; audit_id: string | null; audit_hash: string | null }>(Prisma.sql`
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
        ), a AS (${audit}), i AS (
          UPDATE integrations SET
            last_rotated_at = CASE WHEN ${succeeded}::boolean THEN ${ts(now)}::timestamp(3) ELSE last_rotated_at END,
            next_rotation_at = ${ts(next)}::timestamp(3), updated_at = ${ts(now)}::timestamp(3)
          WHERE id = ${ctx.integrationId} AND ${finished}::boolean AND EXISTS (SELECT 1 FROM r)
          RETURNING id
        )
        -- The other data-modifying CTEs run to completion whether or not they are read.
        SELECT (SELECT count(*) FROM r) AS updated, (SELECT id FROM a) AS audit_id, (SELECT hash FROM a) AS audit_hash`);
      // The rotation row is gone only if its integration was deleted meanwhile: stop here.
      if (!result || Number(result.updated) !== 1) throw new Error(`rotation ${ctx.rotationId} no longer exists`);
      afterRecord?.(ctx.rotationId, event);
    },
  };
}
