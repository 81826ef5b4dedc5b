import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { systemCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { crashIfAskedAfter } from "@/lib/rotation/crash-hook";
import type { Recorder, RotationState, StepEvent } from "@/lib/rotation/ports";
import { nextRotationAfter } from "@/lib/rotation/schedule-plan";
import { isTerminal, rowFromState } from "@/lib/rotation/state-row";

// Persists each transition of the state machine in one transaction: the rotation row, a
// rotation_steps row for the live view, an audit entry, and, when the rotation ends, the
// integration's rotation dates. The machine waits for it before going on.

export type RecorderContext = { rotationId: string; integrationId: string; rotationIntervalDays: number };

export function dbRecorder(ctx: RecorderContext): Recorder {
  const actor = systemCaller("rotation", ctx.rotationId);
  return {
    async record(state: RotationState, event: StepEvent) {
      const now = new Date();
      const finished = isTerminal(state.status);
      await db().$transaction(async (tx) => {
        await tx.rotation.update({
          where: { id: ctx.rotationId },
          data: { ...rowFromState(state), finishedAt: finished ? now : null },
          select: { id: true },
        });
        await tx.rotationStep.create({
          data: { rotationId: ctx.rotationId, step: event.step, status: event.status, detail: event.detail ?? null, error: event.error ?? null, at: now },
          select: { id: true },
        });
        await recordAudit(
          actor,
          {
            action: "rotation.step",
            outcome: event.status === "failed" ? "failure" : "success",
            target: { type: "integration", id: ctx.integrationId },
            details: { rotationId: ctx.rotationId, step: event.step, status: event.status, detail: event.detail, error: event.error },
          },
          tx,
        );
        if (finished) {
          const succeeded = state.status === "succeeded";
          await tx.integration.update({
            where: { id: ctx.integrationId },
            data: {
              ...(succeeded ? { lastRotatedAt: now } : {}),
              nextRotationAt: nextRotationAfter(succeeded, now, ctx.rotationIntervalDays),
            },
            select: { id: true },
          });
        }
      });
      crashIfAskedAfter(ctx.rotationId, event);
    },
  };
}
