import { STEPS, type MachineStep, type RotationState, type RotationStatus } from "@/lib/rotation/ports";

// The machine's RotationState ↔ the columns of a `rotations` row. Both hold only key ids,
// times and messages: the secret never reaches either. `firstKey` is not a column: it is
// what the trigger "provisioning" means.

/** The row's columns: the state, with steps as the database keeps them (plain text). */
export type RotationStateRow = Omit<RotationState, "firstKey" | "step" | "inFlight"> & { step: string; inFlight: string | null };

export const MACHINE_STEPS: readonly MachineStep[] = [...STEPS, "rollback"];

export function isMachineStep(value: string | null): value is MachineStep {
  return value !== null && (MACHINE_STEPS as readonly string[]).includes(value);
}

export const TERMINAL: readonly RotationStatus[] = ["succeeded", "failed", "rolled_back"];
export const isTerminal = (status: RotationStatus) => TERMINAL.includes(status);

export function stateFromRow(row: RotationStateRow & { trigger: string }): RotationState {
  if (!isMachineStep(row.step)) throw new Error(`rotation row has an unknown step "${row.step}"`);
  return {
    firstKey: row.trigger === "provisioning",
    status: row.status,
    step: row.step,
    inFlight: isMachineStep(row.inFlight) ? row.inFlight : null,
    oldAccessKeyId: row.oldAccessKeyId,
    newAccessKeyId: row.newAccessKeyId,
    pushedAt: row.pushedAt,
    deactivatedAt: row.deactivatedAt,
    graceUntil: row.graceUntil,
    restarts: row.restarts,
    error: row.error,
    warning: row.warning,
  };
}

/** Messages are capped so a verbose service cannot bloat the row. */
const cap = (text: string | null) => (text && text.length > 2000 ? `${text.slice(0, 2000)}…` : text);

export function rowFromState(state: RotationState): RotationStateRow {
  const { firstKey: _trigger, ...row } = state;
  return { ...row, error: cap(state.error), warning: cap(state.warning) };
}

/** The columns stateFromRow reads (the trigger says whether it delivers a first key). */
export const rotationStateSelect = {
  trigger: true,
  status: true,
  step: true,
  inFlight: true,
  oldAccessKeyId: true,
  newAccessKeyId: true,
  pushedAt: true,
  deactivatedAt: true,
  graceUntil: true,
  restarts: true,
  error: true,
  warning: true,
} as const;
