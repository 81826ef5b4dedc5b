import { describe, expect, it } from "vitest";
import { abandonRotation, runRotation, type MachineDeps } from "@/lib/rotation/machine";
import { initialState, type MachineOptions, type RotationState } from "@/lib/rotation/ports";
import { Crash, FakeClock, FakeIam, FakeTarget, MemoryRecorder } from "@/lib/rotation/fakes.test-support";

// The machine delivering the first key of a new user (provisioning): no old key to check,
// deactivate or delete; a failure deletes only the new key.

const OPTIONS: MachineOptions = {
  graceSeconds: 3600,
  propagation: { timeoutMs: 30_000, intervalMs: 1000 },
  retries: { attempts: 3, baseDelayMs: 100 },
  maxRestarts: 3,
};

function world(crashAtCall = 0) {
  const clock = new FakeClock();
  const iam = new FakeIam(clock);
  const target = new FakeTarget(true);
  const recorder = new MemoryRecorder(crashAtCall);
  const deps: MachineDeps = { iam, target, clock, recorder, options: OPTIONS };
  return { clock, iam, target, recorder, deps };
}

describe("first key (provisioning)", () => {
  it("ends after verify with one active key, held by the target, and no grace period", async () => {
    const w = world();
    const end = await runRotation(initialState(true), w.deps);
    expect(end.status).toBe("succeeded");
    expect(end.oldAccessKeyId).toBeNull();
    expect([...w.iam.keys.keys()]).toEqual([end.newAccessKeyId]);
    expect(w.iam.works(w.target.held?.accessKeyId, w.target.held?.secretAccessKey)).toBe(true);
    const steps = [...new Set(w.recorder.events.map((e) => e.step))];
    expect(steps).toEqual(["check", "create_key", "propagate", "push", "verify"]);
  });

  it("replaces a key left by an interrupted attempt instead of refusing", async () => {
    const w = world();
    w.iam.seed("AKIALEFTOVER");
    const end = await runRotation(initialState(true), w.deps);
    expect(end.status).toBe("succeeded");
    expect([...w.iam.keys.keys()]).toEqual([end.newAccessKeyId]);
    expect(w.recorder.events.find((e) => e.step === "check" && e.status === "done")?.detail).toContain("AKIALEFTOVER");
  });

  it("a refused push rolls back: the new key is deleted and the user has no key", async () => {
    const w = world();
    w.target.failWrites = 1;
    const end = await runRotation(initialState(true), w.deps);
    expect(end.status).toBe("rolled_back");
    expect(end.error).toMatch(/target refused the write/);
    expect(w.iam.keys.size).toBe(0);
  });

  it("a target that holds something else after the push still rolls back (no service uses a first key yet)", async () => {
    const w = world();
    w.target.verifyAnswer = "wrong";
    const end = await runRotation(initialState(true), w.deps);
    expect(end.status).toBe("rolled_back");
    expect(w.iam.keys.size).toBe(0);
  });

  it("abandoned after a crash mid-push: rolled back, where a rotation would keep both keys", async () => {
    const pushDone = 8; // check, create_key, propagate: started + done each; push started, then its done record fails
    const w = world(pushDone);
    await expect(runRotation(initialState(true), w.deps)).rejects.toThrow(Crash);
    const left = w.recorder.saved as RotationState;
    expect(left.inFlight).toBe("push");
    expect(w.target.held?.accessKeyId).toBe(left.newAccessKeyId);
    const abandoned = await abandonRotation(left, w.deps, "gave up");
    expect(abandoned.status).toBe("rolled_back");
    expect(w.iam.keys.size).toBe(0);
  });
});
