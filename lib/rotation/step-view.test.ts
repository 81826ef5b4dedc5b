import { describe, expect, it } from "vitest";
import { stepRows, type StepEvent } from "@/lib/rotation/step-view";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const ev = (step: string, status: string, s: number, extra: Partial<StepEvent> = {}): StepEvent => ({
  step,
  status,
  detail: null,
  error: null,
  at: at(s),
  ...extra,
});

describe("stepRows", () => {
  it("shows done steps, the running one, and the rest pending", () => {
    const rows = stepRows([ev("check", "started", 0), ev("check", "done", 1, { detail: "active key A" }), ev("create_key", "started", 2)], {
      status: "running",
      step: "create_key",
    });
    expect(rows.map((r) => r.state)).toEqual(["done", "running", "pending", "pending", "pending", "pending", "pending", "pending"]);
    expect(rows[0]).toMatchObject({ detail: "active key A", startedAt: new Date(at(0)), endedAt: new Date(at(1)) });
  });

  it("marks the grace period as waiting, and adds the rollback row only when there was one", () => {
    const waiting = stepRows([ev("deactivate_old", "done", 5)], { status: "waiting", step: "grace", graceUntil: at(125) });
    expect(waiting.find((r) => r.step === "grace")).toMatchObject({
      state: "waiting",
      detail: "until 00:02:05 UTC; the old key is inactive meanwhile",
    });
    expect(waiting.some((r) => r.step === "rollback")).toBe(false);
    const rolled = stepRows([ev("push", "failed", 3, { error: "refused" }), ev("rollback", "started", 4), ev("rollback", "done", 5)], {
      status: "rolled_back",
      step: "rollback",
    });
    expect(rolled.find((r) => r.step === "push")).toMatchObject({ state: "failed", error: "refused" });
    expect(rolled.at(-1)).toMatchObject({ step: "rollback", state: "done" });
  });

  it("counts attempts of a step that was resumed, and a step left started by a failed run is failed", () => {
    const rows = stepRows([ev("push", "started", 1), ev("push", "started", 9), ev("push", "done", 10)], {
      status: "running",
      step: "verify",
    });
    expect(rows.find((r) => r.step === "push")).toMatchObject({ state: "done", attempts: 2 });
    expect(stepRows([ev("check", "started", 1)], { status: "failed", step: "check" })[0]?.state).toBe("failed");
  });

  it("a first key's delivery (provisioning) ends at verify: no old key to deactivate or delete", () => {
    const rows = stepRows([ev("verify", "done", 5)], { status: "succeeded", step: "verify", trigger: "provisioning" });
    expect(rows.map((r) => r.step)).toEqual(["check", "create_key", "propagate", "push", "verify"]);
    const rotation = stepRows([ev("verify", "done", 5)], { status: "running", step: "deactivate_old", trigger: "manual" });
    expect(rotation.map((r) => r.step)).toContain("delete_old");
  });
});
