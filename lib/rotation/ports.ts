// What the rotation state machine needs from the outside world, as small ports: IAM for
// the integration's user, the target service that holds the key, a clock, and a recorder
// that persists each transition (and audits it) before the machine goes on.

export type NewKey = { accessKeyId: string; secretAccessKey: string };
export type KeyInfo = { accessKeyId: string; status: "Active" | "Inactive"; createdAt: Date };

/** CreateAccessKey refused: the user already has AWS's maximum of two keys. */
export class KeyLimitError extends Error {
  override name = "KeyLimitError";
}

export interface IamPort {
  listKeys(): Promise<KeyInfo[]>;
  /** Throws KeyLimitError when the user already has two keys. */
  createKey(): Promise<NewKey>;
  /** Idempotent: a key that no longer exists counts as deleted. */
  deleteKey(accessKeyId: string): Promise<void>;
  setStatus(accessKeyId: string, status: "Active" | "Inactive"): Promise<void>;
  /** When the key last signed a request; null if never, or if the key no longer exists. */
  lastUsed(accessKeyId: string): Promise<Date | null>;
  /** Whether STS accepts the key yet (IAM is eventually consistent). */
  keyWorks(key: NewKey): Promise<boolean>;
}

export type VerifyResult = { ok: boolean; detail: string; conclusive: boolean };

/**
 * What the target says it holds, judged against the key ids the caller expects: one of
 * them ("key"), a key that is none of them ("other", e.g. a masked value whose last
 * characters match no candidate), nothing, or it cannot tell (write-only APIs).
 */
export type Holding =
  { kind: "key"; accessKeyId: string } | { kind: "other"; description: string } | { kind: "none" } | { kind: "unknown" };

export interface TargetPort {
  write(key: NewKey): Promise<void>;
  /** `candidates`: the key ids the target may hold; a partial observation is matched against them. */
  holding(candidates: readonly string[]): Promise<Holding>;
  verify(expectedAccessKeyId: string): Promise<VerifyResult>;
  /** Whether an error from write/verify may go away on retry. */
  isRetryable(error: unknown): boolean;
}

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const STEPS = ["check", "create_key", "propagate", "push", "verify", "deactivate_old", "grace", "delete_old"] as const;
export type Step = (typeof STEPS)[number];
export type MachineStep = Step | "rollback";

export type RotationStatus = "running" | "waiting" | "succeeded" | "failed" | "rolled_back";

/** Everything the machine persists. Never the secret: that lives only in memory. */
export type RotationState = {
  /**
   * Delivers the first key of a user that has none (trigger "provisioning"): no old key to
   * check, deactivate or delete; the rotation ends once the target is verified.
   */
  firstKey: boolean;
  status: RotationStatus;
  step: MachineStep;
  /** The step that began and has not been recorded done: set after a crash mid-step. */
  inFlight: MachineStep | null;
  oldAccessKeyId: string | null;
  newAccessKeyId: string | null;
  pushedAt: Date | null;
  deactivatedAt: Date | null;
  graceUntil: Date | null;
  /** How many times a lost secret forced a fresh key. */
  restarts: number;
  error: string | null;
  /** Something worth an alert even on success (e.g. the old key was used during grace). */
  warning: string | null;
};

export type StepEvent = {
  step: MachineStep;
  status: "started" | "done" | "failed" | "skipped";
  detail?: string;
  error?: string;
};

export interface Recorder {
  /** Persists the state and the event atomically; the machine waits for it. */
  record(state: RotationState, event: StepEvent): Promise<void>;
}

export type MachineOptions = {
  graceSeconds: number;
  propagation: { timeoutMs: number; intervalMs: number };
  retries: { attempts: number; baseDelayMs: number };
  maxRestarts: number;
};

export function initialState(firstKey = false): RotationState {
  return {
    firstKey,
    status: "running",
    step: "check",
    inFlight: null,
    oldAccessKeyId: null,
    newAccessKeyId: null,
    pushedAt: null,
    deactivatedAt: null,
    graceUntil: null,
    restarts: 0,
    error: null,
    warning: null,
  };
}
