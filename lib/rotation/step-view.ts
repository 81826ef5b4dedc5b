// Turns the recorded step events of a rotation into one row per step of the state machine
// for the live view: where it stands, when it began and ended, what it said.

export const STEP_LABELS: Record<string, string> = {
  check: "Check preconditions",
  create_key: "Create the new key",
  propagate: "Wait until the new key works",
  push: "Push it to the target",
  verify: "Verify the target holds it",
  deactivate_old: "Deactivate the old key",
  grace: "Grace period",
  delete_old: "Delete the old key if unused",
  rollback: "Roll back",
};

const ORDER = ["check", "create_key", "propagate", "push", "verify", "deactivate_old", "grace", "delete_old"];

export type StepEvent = { step: string; status: string; detail: string | null; error: string | null; at: string | Date };
export type StepRow = {
  step: string;
  label: string;
  state: "pending" | "running" | "done" | "failed" | "waiting";
  startedAt: Date | null;
  endedAt: Date | null;
  detail: string | null;
  error: string | null;
  /** Began more than once: resumed after an interruption, or restarted with a fresh key. */
  attempts: number;
};

type RotationView = { status: string; step: string; trigger?: string; graceUntil?: string | Date | null };

export function stepRows(events: StepEvent[], rotation: RotationView): StepRow[] {
  // A first key (provisioning) has no old key: its rotation ends after verify.
  const order = rotation.trigger === "provisioning" ? ORDER.slice(0, ORDER.indexOf("verify") + 1) : ORDER;
  const steps = events.some((e) => e.step === "rollback") ? [...order, "rollback"] : order;
  return steps.map((step) => {
    const mine = events.filter((e) => e.step === step);
    const last = mine.at(-1);
    const started = mine.filter((e) => e.status === "started");
    const finished = [...mine].reverse().find((e) => e.status === "done" || e.status === "failed");
    let state: StepRow["state"] = "pending";
    if (last?.status === "done") state = "done";
    else if (last?.status === "failed") state = "failed";
    else if (last?.status === "started") state = rotation.status === "running" ? "running" : "failed";
    const waiting = step === "grace" && rotation.status === "waiting" && rotation.step === "grace";
    if (waiting) state = "waiting";
    const until =
      waiting && rotation.graceUntil
        ? `until ${new Date(rotation.graceUntil).toISOString().slice(11, 19)} UTC; the old key is inactive meanwhile`
        : null;
    return {
      step,
      label: STEP_LABELS[step] ?? step,
      state,
      startedAt: started[0] ? new Date(started[0].at) : null,
      endedAt: finished && last?.status !== "started" ? new Date(finished.at) : null,
      detail: until ?? finished?.detail ?? last?.detail ?? null,
      error: last?.status === "failed" ? last.error : null,
      attempts: started.length,
    };
  });
}
