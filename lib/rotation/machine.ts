import {
  KeyLimitError,
  type Clock,
  type IamPort,
  type MachineOptions,
  type MachineStep,
  type NewKey,
  type Recorder,
  type RotationState,
  type TargetPort,
} from "@/lib/rotation/ports";

// The rotation state machine. Each step is persisted (started, then done) before the next
// begins, so a crash at any point resumes from the record. The new key's secret lives only
// in this process's memory (`SecretSlot`): if it is lost before the target has it, the new
// key is deleted and a fresh one made. The old key stays active until the target is
// verified to hold the new one; any failure before that rolls back (new key deleted).
// With `firstKey` (provisioning a new user) there is no old key: the machine delivers the
// user's first key, ends after verify, and a rollback deletes only that key.
//
// Errors that are not a StepFailure (AWS throttling, a database hiccup) leave the state as
// a crash would and propagate: the job retries and resumes safely.

export type SecretSlot = { key?: NewKey };
export type MachineDeps = { iam: IamPort; target: TargetPort; clock: Clock; recorder: Recorder; options: MachineOptions };

export class StepFailure extends Error {
  constructor(
    message: string,
    readonly then: "rollback" | "fail",
    /** For a failed push: false when the target refused it outright (the new key surely did not land). */
    readonly mayHaveLanded?: boolean,
  ) {
    super(message);
  }
}

type Outcome = { next: RotationState; detail: string };
type Handler = (state: RotationState, deps: MachineDeps, slot: SecretSlot, resumedMidStep: boolean) => Promise<Outcome>;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

class Inconclusive extends Error {}

async function withRetries<T>(deps: MachineDeps, fn: () => Promise<T>): Promise<T> {
  const { attempts, baseDelayMs } = deps.options.retries;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const retryable = error instanceof Inconclusive || deps.target.isRetryable(error);
      if (attempt >= attempts || !retryable) throw error;
      await deps.clock.sleep(baseDelayMs * 2 ** (attempt - 1));
    }
  }
}

/** Deletes every key but the old one (ours, from an interrupted attempt) and starts over. */
async function discardNewKeys(state: RotationState, deps: MachineDeps, why: string): Promise<Outcome> {
  if (state.restarts >= deps.options.maxRestarts) throw new StepFailure(`Gave up after ${state.restarts} fresh keys: ${why}`, "rollback");
  const extra = (await deps.iam.listKeys()).filter((k) => k.accessKeyId !== state.oldAccessKeyId);
  for (const k of extra) await deps.iam.deleteKey(k.accessKeyId);
  const deleted = extra.map((k) => k.accessKeyId).join(", ") || "none";
  return {
    next: { ...state, step: "create_key", newAccessKeyId: null, pushedAt: null, restarts: state.restarts + 1 },
    detail: `${why}; deleted ${deleted} and will create a fresh key`,
  };
}

/**
 * The first key of a new user: nothing to compare the target with. A key the user already
 * has is left from an interrupted attempt and lost its secret; create_key replaces it.
 */
const checkFirstKey: Handler = async (state, deps) => {
  const leftovers = (await deps.iam.listKeys()).map((k) => k.accessKeyId);
  const note = leftovers.length ? `; ${leftovers.join(", ")} from an interrupted attempt will be replaced` : "";
  return { next: { ...state, step: "create_key" }, detail: `a new user: its first key${note}` };
};

const check: Handler = async (state, deps) => {
  if (state.firstKey) return checkFirstKey(state, deps, {}, false);
  const keys = await deps.iam.listKeys();
  const active = keys.filter((k) => k.status === "Active");
  if (active.length === 0) throw new StepFailure("The IAM user has no active key to rotate.", "fail");
  if (active.length > 1) {
    throw new StepFailure(
      `The IAM user has ${active.length} active keys (${active.map((k) => k.accessKeyId).join(", ")}); Keyless rotates only when one is active.`,
      "fail",
    );
  }
  const old = active[0]!.accessKeyId;
  let held;
  try {
    held = await deps.target.holding([old]);
  } catch (error) {
    // A refused token or a missing repository will not pass with retries: say so now.
    if (deps.target.isRetryable(error)) throw error;
    throw new StepFailure(`Could not ask the target which key it holds: ${message(error)}`, "fail");
  }
  if ((held.kind === "key" && held.accessKeyId !== old) || held.kind === "other") {
    const what = held.kind === "key" ? held.accessKeyId : held.description;
    throw new StepFailure(`The target holds ${what}, not the user's active key ${old}: fix the integration before rotating.`, "fail");
  }
  const leftovers = keys.filter((k) => k.status === "Inactive");
  for (const k of leftovers) await deps.iam.deleteKey(k.accessKeyId);
  const notes = [
    `active key ${old}`,
    held.kind === "unknown"
      ? "the target cannot report its key"
      : held.kind === "key"
        ? "the target holds it"
        : "the target holds no key yet",
  ];
  if (leftovers.length) notes.push(`deleted inactive leftover ${leftovers.map((k) => k.accessKeyId).join(", ")}`);
  return { next: { ...state, oldAccessKeyId: old, step: "create_key" }, detail: notes.join("; ") };
};

const createKey: Handler = async (state, deps, slot) => {
  const strays = (await deps.iam.listKeys()).filter((k) => k.accessKeyId !== state.oldAccessKeyId);
  for (const k of strays) await deps.iam.deleteKey(k.accessKeyId);
  let key: NewKey;
  try {
    key = await deps.iam.createKey();
  } catch (error) {
    // Only a key created meanwhile by someone else can cause this (strays were just removed).
    if (error instanceof KeyLimitError) throw new StepFailure(`AWS refused a new key: ${error.message}`, "rollback");
    throw error;
  }
  slot.key = key;
  const note = strays.length ? ` (removed ${strays.map((k) => k.accessKeyId).join(", ")} from an interrupted attempt first)` : "";
  return { next: { ...state, newAccessKeyId: key.accessKeyId, step: "propagate" }, detail: `created ${key.accessKeyId}${note}` };
};

const propagate: Handler = async (state, deps, slot) => {
  const key = slot.key;
  if (!key || key.accessKeyId !== state.newAccessKeyId)
    return discardNewKeys(state, deps, "the new key's secret was lost before it reached the target");
  const { timeoutMs, intervalMs } = deps.options.propagation;
  const started = deps.clock.now().getTime();
  for (let polls = 1; ; polls++) {
    if (await deps.iam.keyWorks(key).catch(() => false)) {
      return { next: { ...state, step: "push" }, detail: `STS accepted the new key after ${polls} check(s)` };
    }
    if (deps.clock.now().getTime() - started >= timeoutMs) {
      throw new StepFailure(`The new key did not become usable within ${Math.round(timeoutMs / 1000)} s.`, "rollback");
    }
    await deps.clock.sleep(intervalMs);
  }
};

const push: Handler = async (state, deps, slot, resumedMidStep) => {
  const key = slot.key;
  if (!key || key.accessKeyId !== state.newAccessKeyId) {
    const candidates = [state.newAccessKeyId, state.oldAccessKeyId].filter((id): id is string => Boolean(id));
    const held = resumedMidStep && state.newAccessKeyId ? await deps.target.holding(candidates) : { kind: "unknown" as const };
    if (held.kind === "key" && held.accessKeyId === state.newAccessKeyId) {
      return {
        next: { ...state, pushedAt: deps.clock.now(), step: "verify" },
        detail: "the target already holds the new key (push completed before an interruption)",
      };
    }
    return discardNewKeys(state, deps, "the new key's secret was lost before it reached the target");
  }
  try {
    await withRetries(deps, () => deps.target.write(key));
  } catch (error) {
    // A refusal (bad token, missing repository…) wrote nothing; a timeout or 5xx may have.
    throw new StepFailure(`Pushing the new key to the target failed: ${message(error)}`, "rollback", deps.target.isRetryable(error));
  }
  slot.key = undefined; // the target has it; nothing needs the secret any more
  return { next: { ...state, pushedAt: deps.clock.now(), step: "verify" }, detail: `wrote ${key.accessKeyId} to the target` };
};

const verify: Handler = async (state, deps) => {
  const expected = state.newAccessKeyId ?? "";
  let result;
  try {
    result = await withRetries(deps, async () => {
      const r = await deps.target.verify(expected);
      if (!r.ok && !r.conclusive) throw new Inconclusive(r.detail);
      return r;
    });
  } catch (error) {
    throw new StepFailure(`Could not verify the target (${message(error)}); both keys stay active until someone checks.`, "fail");
  }
  if (!result.ok) throw new StepFailure(`The target does not hold the new key: ${result.detail}`, "rollback");
  // A first key has no old one to retire: delivered and verified is done.
  if (state.firstKey) return { next: { ...state, status: "succeeded" }, detail: result.detail };
  return { next: { ...state, step: "deactivate_old" }, detail: result.detail };
};

const deactivateOld: Handler = async (state, deps) => {
  const old = state.oldAccessKeyId ?? "";
  await deps.iam.setStatus(old, "Inactive");
  const now = deps.clock.now();
  const graceUntil = new Date(now.getTime() + deps.options.graceSeconds * 1000);
  const waiting = deps.options.graceSeconds > 0;
  return {
    next: { ...state, deactivatedAt: now, graceUntil, step: "grace", status: waiting ? "waiting" : "running" },
    detail: `deactivated ${old}; deleting it after ${graceUntil.toISOString()} if unused`,
  };
};

const grace: Handler = async (state, deps) => {
  if (state.graceUntil && deps.clock.now() < state.graceUntil) {
    return { next: { ...state, status: "waiting" }, detail: `grace period runs until ${state.graceUntil.toISOString()}` };
  }
  return { next: { ...state, status: "running", step: "delete_old" }, detail: "grace period over" };
};

const deleteOld: Handler = async (state, deps) => {
  const old = state.oldAccessKeyId ?? "";
  const used = await deps.iam.lastUsed(old);
  if (used && state.deactivatedAt && used > state.deactivatedAt) {
    const warning = `The old key ${old} was used at ${used.toISOString()}, after it was deactivated: kept inactive, not deleted. Find what still uses it.`;
    return { next: { ...state, status: "succeeded", warning }, detail: warning };
  }
  await deps.iam.deleteKey(old);
  return { next: { ...state, status: "succeeded" }, detail: `deleted ${old}` };
};

const rollback: Handler = async (state, deps) => {
  if (state.newAccessKeyId) await deps.iam.deleteKey(state.newAccessKeyId);
  return {
    next: { ...state, status: "rolled_back" },
    detail: !state.newAccessKeyId
      ? "nothing to undo"
      : state.oldAccessKeyId
        ? `deleted the new key ${state.newAccessKeyId}; ${state.oldAccessKeyId} stays active`
        : `deleted the new key ${state.newAccessKeyId}`,
  };
};

const HANDLERS: Record<MachineStep, Handler> = {
  check,
  create_key: createKey,
  propagate,
  push,
  verify,
  deactivate_old: deactivateOld,
  grace,
  delete_old: deleteOld,
  rollback,
};

async function runStep(state: RotationState, deps: MachineDeps, slot: SecretSlot): Promise<RotationState> {
  const step = state.step;
  const resumedMidStep = state.inFlight === step;
  const began: RotationState = { ...state, inFlight: step };
  await deps.recorder.record(began, { step, status: "started", detail: resumedMidStep ? "resuming an interrupted step" : undefined });
  try {
    const { next, detail } = await HANDLERS[step](began, deps, slot, resumedMidStep);
    const done = { ...next, inFlight: null };
    await deps.recorder.record(done, { step, status: "done", detail });
    return done;
  } catch (error) {
    if (!(error instanceof StepFailure)) {
      // Unknown outcome (AWS or database trouble): keep the record as a crash would leave
      // it; the job retries and the resume logic of this step takes over.
      await deps.recorder.record(began, { step, status: "failed", error: message(error) }).catch(() => undefined);
      throw error;
    }
    const wantsRollBack = error.then === "rollback" && step !== "rollback" && !state.deactivatedAt;
    // verify fails towards rollback only when the target showed it lacks the new key.
    const canRollBack = wantsRollBack && (step === "verify" || error.mayHaveLanded === false || (await newKeyUnused(began, deps)));
    const why = wantsRollBack && !canRollBack ? `${error.message} ${MAY_HOLD_NEW}` : error.message;
    const failed: RotationState = canRollBack
      ? { ...began, inFlight: null, step: "rollback", error: why }
      : { ...began, inFlight: null, status: "failed", error: why };
    await deps.recorder.record(failed, { step, status: "failed", error: why });
    return failed;
  }
}

/**
 * Runs a rotation from its persisted state until it finishes, fails, or waits for the
 * grace period (then call again once `graceUntil` has passed).
 */
export async function runRotation(start: RotationState, deps: MachineDeps, slot: SecretSlot = {}): Promise<RotationState> {
  let state: RotationState = start.status === "waiting" ? { ...start, status: "running" } : start;
  while (state.status === "running") state = await runStep(state, deps, slot);
  return state;
}

const MAY_HOLD_NEW = "The target may already hold the new key, so it is kept: both keys stay active until someone checks.";

/**
 * Whether deleting the new key cannot break the target: the push never began, or the
 * target shows it still holds the old key. A push that began may have landed (a crash or a
 * timeout after the target took it), and a target that cannot tell is given the benefit.
 */
async function newKeyUnused(state: RotationState, deps: MachineDeps): Promise<boolean> {
  // A first key: no service works with it yet, so nothing can break by deleting it.
  if (!state.newAccessKeyId || state.firstKey) return true;
  const pushBegan = state.pushedAt !== null || state.inFlight === "push" || state.step === "verify";
  if (!pushBegan) return true;
  const candidates = [state.newAccessKeyId, state.oldAccessKeyId].filter((id): id is string => Boolean(id));
  const held = await deps.target.holding(candidates).catch(() => ({ kind: "unknown" as const }));
  return held.kind === "key" && held.accessKeyId === state.oldAccessKeyId;
}

/** After the job gave up retrying: undo what can be undone, or mark it failed. */
export async function abandonRotation(state: RotationState, deps: MachineDeps, reason: string): Promise<RotationState> {
  if (state.status !== "running" && state.status !== "waiting") return state;
  if (!state.deactivatedAt && (await newKeyUnused(state, deps))) {
    return runRotation({ ...state, status: "running", step: "rollback", inFlight: null, error: reason }, deps);
  }
  const error = state.deactivatedAt ? reason : `${reason}. ${MAY_HOLD_NEW}`;
  const failed: RotationState = { ...state, status: "failed", inFlight: null, error };
  await deps.recorder.record(failed, { step: state.step, status: "failed", error });
  return failed;
}
