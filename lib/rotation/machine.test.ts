import { describe, expect, it } from "vitest";
import { abandonRotation, runRotation, type MachineDeps, type SecretSlot } from "@/lib/rotation/machine";
import { initialState, type MachineOptions, type RotationState } from "@/lib/rotation/ports";
import { Crash, FakeClock, FakeIam, FakeTarget, MemoryRecorder } from "@/lib/rotation/fakes.test-support";

const OPTIONS: MachineOptions = {
  graceSeconds: 3600,
  propagation: { timeoutMs: 30_000, intervalMs: 1000 },
  retries: { attempts: 3, baseDelayMs: 100 },
  maxRestarts: 3,
};

function world(canTell = true) {
  const clock = new FakeClock();
  const iam = new FakeIam(clock);
  const target = new FakeTarget(canTell);
  const old = iam.seed("AKIAOLD");
  target.held = { accessKeyId: old, secretAccessKey: "secret-AKIAOLD" };
  const recorder = new MemoryRecorder();
  const deps: MachineDeps = { iam, target, clock, recorder, options: OPTIONS };
  return { clock, iam, target, recorder, deps };
}

/** Runs to the end, passing the grace period when the machine waits for it. */
async function runToEnd(w: ReturnType<typeof world>, start: RotationState = initialState(), slot: SecretSlot = {}) {
  let state = await runRotation(start, w.deps, slot);
  if (state.status === "waiting") {
    w.clock.t += OPTIONS.graceSeconds * 1000 + 1;
    state = await runRotation(state, w.deps, slot);
  }
  return state;
}

function expectHealthy(w: ReturnType<typeof world>) {
  expect(w.iam.works(w.target.held?.accessKeyId, w.target.held?.secretAccessKey)).toBe(true);
  expect(w.iam.maxKeysSeen).toBeLessThanOrEqual(2);
}

describe("rotation: the happy path", () => {
  it("ends with one active key at AWS, held by the target, the old one deleted after the grace", async () => {
    const w = world();
    const afterDeactivate = await runRotation(initialState(), w.deps);
    expect(afterDeactivate.status).toBe("waiting");
    expect(w.iam.keys.get("AKIAOLD")?.status).toBe("Inactive");
    expect(w.iam.keys.size).toBe(2);

    w.clock.t += 3600_000 + 1;
    const done = await runRotation(afterDeactivate, w.deps);
    expect(done.status).toBe("succeeded");
    expect([...w.iam.keys.keys()]).toEqual(["AKIANEW1"]);
    expect(w.target.held?.accessKeyId).toBe("AKIANEW1");
    expectHealthy(w);
    expect(w.recorder.events.filter((e) => e.status === "done").map((e) => e.step)).toEqual([
      "check",
      "create_key",
      "propagate",
      "push",
      "verify",
      "deactivate_old",
      "grace",
      "delete_old",
    ]);
  });

  it("waits again when woken before the grace period is over", async () => {
    const w = world();
    const waiting = await runRotation(initialState(), w.deps);
    w.clock.t += 60_000;
    const still = await runRotation(waiting, w.deps);
    expect(still.status).toBe("waiting");
    expect(w.iam.keys.has("AKIAOLD")).toBe(true);
  });

  it("polls until IAM's eventual consistency lets the new key work", async () => {
    const w = world();
    w.iam.propagationPolls = 4;
    await runToEnd(w);
    expect(w.recorder.events.find((e) => e.step === "propagate" && e.status === "done")?.detail).toContain("5 check(s)");
  });
});

describe("rotation: preconditions", () => {
  it("deletes an inactive leftover first (two-keys limit)", async () => {
    const w = world();
    w.iam.seed("AKIALEFTOVER", "Inactive");
    const done = await runToEnd(w);
    expect(done.status).toBe("succeeded");
    expect(w.iam.keys.has("AKIALEFTOVER")).toBe(false);
    expect(w.recorder.events[1]?.detail).toContain("deleted inactive leftover AKIALEFTOVER");
    expectHealthy(w);
  });

  it("refuses when the user has two active keys", async () => {
    const w = world();
    w.iam.seed("AKIASECOND");
    const done = await runToEnd(w);
    expect(done.status).toBe("failed");
    expect(done.error).toContain("2 active keys");
    expect(w.iam.keys.size).toBe(2);
  });

  it("refuses when the target holds a key other than the active one", async () => {
    const w = world();
    w.target.held = { accessKeyId: "AKIASOMETHINGELSE", secretAccessKey: "x" };
    const done = await runToEnd(w);
    expect(done.status).toBe("failed");
    expect(done.error).toContain("The target holds AKIASOMETHINGELSE");
    expect(w.iam.created).toBe(0);
  });

  it("refuses when a target that shows only part of the key holds another key", async () => {
    const w = world();
    w.target.suffixOnly = true;
    w.target.held = { accessKeyId: "AKIAOTHERWXYZ", secretAccessKey: "x" };
    const done = await runToEnd(w);
    expect(done.status).toBe("failed");
    expect(done.error).toContain("The target holds a key ending in WXYZ");
    expect(w.iam.created).toBe(0);
  });

  it("a target that refuses to say which key it holds fails the check at once, creating nothing", async () => {
    const w = world();
    w.target.failReads = "refused";
    const done = await runToEnd(w);
    expect(done.status).toBe("failed");
    expect(done.error).toContain("Could not ask the target which key it holds");
    expect(w.iam.created).toBe(0);
  });

  it("a passing failure to read the target propagates, for the job to retry", async () => {
    const w = world();
    w.target.failReads = "retryable";
    await expect(runRotation(initialState(), w.deps)).rejects.toThrow("target read failed");
    expect(w.recorder.saved?.inFlight).toBe("check");
  });

  it("refuses when there is no active key at all", async () => {
    const w = world();
    await w.iam.setStatus("AKIAOLD", "Inactive");
    expect((await runToEnd(w)).error).toContain("no active key");
  });
});

describe("rotation: failures before deactivation roll back", () => {
  it("a target that refuses the write: new key deleted, old stays active and held", async () => {
    const w = world();
    w.target.failWrites = 1;
    const done = await runToEnd(w);
    expect(done.status).toBe("rolled_back");
    expect(done.error).toContain("Pushing the new key to the target failed");
    expect([...w.iam.keys.keys()]).toEqual(["AKIAOLD"]);
    expect(w.iam.keys.get("AKIAOLD")?.status).toBe("Active");
    expectHealthy(w);
  });

  it("a retryable write failure is retried, and succeeds", async () => {
    const w = world();
    w.target.failWrites = 2;
    w.target.failWritesRetryable = true;
    expect((await runToEnd(w)).status).toBe("succeeded");
    expectHealthy(w);
  });

  it("retries give up after the configured attempts and roll back, once the target shows it kept the old key", async () => {
    const w = world();
    w.target.failWrites = 5;
    w.target.failWritesRetryable = true;
    expect((await runToEnd(w)).status).toBe("rolled_back");
    expect(w.iam.keys.has("AKIANEW1")).toBe(false);
    expectHealthy(w);
  });

  it("a write that timed out may have landed: with a target that cannot tell, both keys stay active", async () => {
    const w = world(false);
    w.target.failWrites = 5;
    w.target.failWritesRetryable = true;
    const done = await runToEnd(w);
    expect(done.status).toBe("failed");
    expect(done.error).toContain("both keys stay active");
    expect(w.iam.keys.get("AKIANEW1")?.status).toBe("Active");
    expect(w.iam.keys.get("AKIAOLD")?.status).toBe("Active");
    expectHealthy(w);
  });

  it("a target that refused the write outright is rolled back even when it cannot tell what it holds", async () => {
    const w = world(false);
    w.target.failWrites = 1;
    expect((await runToEnd(w)).status).toBe("rolled_back");
    expect([...w.iam.keys.keys()]).toEqual(["AKIAOLD"]);
    expectHealthy(w);
  });

  it("a key created by someone else between the steps hits the 2-keys limit: rolled back, nothing of ours left", async () => {
    const w = world();
    w.iam.beforeCreate = () => {
      w.iam.seed("AKIASOMEONEELSE");
      w.iam.beforeCreate = undefined;
    };
    const done = await runToEnd(w);
    expect(done.status).toBe("rolled_back");
    expect(done.error).toContain("AccessKeysPerUser");
    expect(w.iam.keys.get("AKIAOLD")?.status).toBe("Active");
    expect(w.iam.created).toBe(0);
    expectHealthy(w);
  });

  it("a new key that never starts working: rolled back after the timeout", async () => {
    const w = world();
    w.iam.propagationPolls = 1000;
    const done = await runToEnd(w);
    expect(done.status).toBe("rolled_back");
    expect(done.error).toContain("did not become usable within 30 s");
    expect([...w.iam.keys.keys()]).toEqual(["AKIAOLD"]);
    expect(w.target.writes).toBe(0);
  });

  it("verification that shows the target lacks the new key rolls back", async () => {
    const w = world();
    w.target.verifyAnswer = "wrong";
    const done = await runToEnd(w);
    expect(done.status).toBe("rolled_back");
    expect(w.iam.keys.has("AKIANEW1")).toBe(false);
    expect(w.iam.keys.get("AKIAOLD")?.status).toBe("Active");
  });

  it("a target that cannot be verified fails without rolling back: both keys stay active", async () => {
    const w = world();
    w.target.verifyAnswer = "unreachable";
    const done = await runToEnd(w);
    expect(done.status).toBe("failed");
    expect(done.error).toContain("both keys stay active");
    expect(w.iam.keys.get("AKIAOLD")?.status).toBe("Active");
    expect(w.iam.keys.get("AKIANEW1")?.status).toBe("Active");
    expectHealthy(w);
  });
});

describe("rotation: after deactivation", () => {
  it("keeps the old key inactive and warns when it was used during the grace period", async () => {
    const w = world();
    const waiting = await runRotation(initialState(), w.deps);
    w.clock.t += 1000;
    w.iam.keys.get("AKIAOLD")!.lastUsed = w.clock.now();
    w.clock.t += 3600_000;
    const done = await runRotation(waiting, w.deps);
    expect(done.status).toBe("succeeded");
    expect(done.warning).toContain("was used at");
    expect(w.iam.keys.get("AKIAOLD")?.status).toBe("Inactive");
  });

  it("a job that gives up after deactivation marks the rotation failed, never rolls back", async () => {
    const w = world();
    const waiting = await runRotation(initialState(), w.deps);
    const abandoned = await abandonRotation(waiting, w.deps, "worker gave up");
    expect(abandoned.status).toBe("failed");
    expect(w.iam.keys.has("AKIANEW1")).toBe(true);
    expectHealthy(w);
  });

  it("a job that gives up before the push rolls back: the new key goes, the old one works", async () => {
    const w = world();
    w.recorder.crashAtCall = 6; // the "done" record of propagate: the push has not begun
    const crashed = await runRotation(initialState(), w.deps).catch((e: unknown) => e);
    expect(crashed).toBeInstanceOf(Crash);
    const rolled = await abandonRotation(w.recorder.saved!, { ...w.deps, recorder: new MemoryRecorder() }, "worker gave up");
    expect(rolled.status).toBe("rolled_back");
    expect(w.iam.keys.has("AKIANEW1")).toBe(false);
    expect(w.target.held?.accessKeyId).toBe("AKIAOLD");
    expectHealthy(w);
  });

  // The crash lands after the target took the new key, before that was recorded.
  for (const canTell of [true, false]) {
    it(`a job that gives up during the push (target ${canTell ? "that reports its key" : "that cannot tell"}) keeps the key the target holds`, async () => {
      const w = world(canTell);
      w.recorder.crashAtCall = 8; // the "done" record of push
      const crashed = await runRotation(initialState(), w.deps).catch((e: unknown) => e);
      expect(crashed).toBeInstanceOf(Crash);
      expect(w.target.held?.accessKeyId).toBe("AKIANEW1");
      const after = await abandonRotation(w.recorder.saved!, { ...w.deps, recorder: new MemoryRecorder() }, "worker gave up");
      expect(after.status).toBe("failed");
      expect(after.error).toContain("both keys stay active");
      expect(w.iam.keys.get("AKIAOLD")?.status).toBe("Active");
      expectHealthy(w);
    });
  }
});

describe("rotation: a crash at any point resumes safely", () => {
  // A clean run records 2 events per step; crash at each record in turn, then resume
  // from what was persisted, with the in-memory secret gone (a new process).
  for (const canTell of [true, false]) {
    for (let crashAt = 1; crashAt <= 16; crashAt++) {
      it(`target ${canTell ? "that reports its key" : "that cannot tell"}: crash at record #${crashAt}`, async () => {
        const w = world(canTell);
        w.recorder.crashAtCall = crashAt;
        let state = initialState();
        let slot: SecretSlot = {};
        let crashes = 0;
        for (let round = 0; round < 10; round++) {
          try {
            state = await runRotation(state, w.deps, slot);
          } catch (error) {
            expect(error).toBeInstanceOf(Crash);
            crashes++;
            // At the moment of the crash the target still has a working key.
            expectHealthy(w);
            // A new process: what was persisted, and no secret in memory.
            state = (w.deps.recorder as MemoryRecorder).saved ?? initialState();
            slot = {};
            w.deps.recorder = new MemoryRecorder();
            continue;
          }
          if (state.status !== "waiting") break;
          w.clock.t += OPTIONS.graceSeconds * 1000 + 1;
        }
        expect(crashes).toBe(1);
        expect(state.status).toBe("succeeded");
        expectHealthy(w);
        expect(w.iam.keys.size).toBe(1);
        expect(w.iam.keys.has("AKIAOLD")).toBe(false);
      });
    }
  }

  it("a crash right after the push, with a target that reports its key, continues without a new key", async () => {
    const w = world(true);
    w.recorder.crashAtCall = 8; // the "done" record of push
    await runRotation(initialState(), w.deps).catch(() => undefined);
    expect(w.recorder.saved?.inFlight).toBe("push");
    w.deps.recorder = new MemoryRecorder();
    await runToEnd(w, w.recorder.saved!);
    expect(w.iam.created).toBe(1);
  });

  it("a crash right after the push, with a target that cannot tell, makes a fresh key and pushes again", async () => {
    const w = world(false);
    w.recorder.crashAtCall = 8;
    await runRotation(initialState(), w.deps).catch(() => undefined);
    w.deps.recorder = new MemoryRecorder();
    const done = await runToEnd(w, w.recorder.saved!);
    expect(done.status).toBe("succeeded");
    expect(w.iam.created).toBe(2);
    expect(done.restarts).toBe(1);
    expect(w.target.held?.accessKeyId).toBe("AKIANEW2");
  });

  it("gives up on fresh keys after the configured number of restarts, and rolls back", async () => {
    const w = world();
    let state = initialState();
    let crashes = 0;
    for (let round = 0; round < 10; round++) {
      // Crash each time the new key has just been proven to work, before the push.
      w.deps.recorder = new MemoryRecorder(6);
      try {
        state = await runRotation(state, w.deps, {});
        break;
      } catch {
        crashes++;
        state = (w.deps.recorder as MemoryRecorder).saved!;
      }
    }
    expect(crashes).toBe(OPTIONS.maxRestarts + 1);
    expect(state.status).toBe("rolled_back");
    expect(state.error).toContain("Gave up after 3 fresh keys");
    expect([...w.iam.keys.keys()]).toEqual(["AKIAOLD"]);
    expectHealthy(w);
  });
});
