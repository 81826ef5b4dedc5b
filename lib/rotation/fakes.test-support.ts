import {
  KeyLimitError,
  type Clock,
  type Holding,
  type IamPort,
  type KeyInfo,
  type NewKey,
  type Recorder,
  type RotationState,
  type StepEvent,
  type TargetPort,
  type VerifyResult,
} from "@/lib/rotation/ports";

// In-memory stand-ins for IAM, a target and persistence, to drive the state machine
// through every path in unit tests. IAM keeps AWS's two-keys-per-user limit.

export class Crash extends Error {}

export class FakeClock implements Clock {
  constructor(public t = new Date("2026-01-01T00:00:00Z").getTime()) {}
  now() {
    return new Date(this.t);
  }
  async sleep(ms: number) {
    this.t += ms;
  }
}

export class FakeIam implements IamPort {
  keys = new Map<string, KeyInfo & { secret: string; lastUsed: Date | null; worksAfterPolls: number }>();
  maxKeysSeen = 0;
  created = 0;
  propagationPolls = 1;
  /** Runs inside createKey, before the limit check (e.g. someone else adds a key). */
  beforeCreate?: () => void;
  constructor(private clock: FakeClock) {}
  seed(id: string, status: "Active" | "Inactive" = "Active") {
    this.keys.set(id, { accessKeyId: id, status, createdAt: this.clock.now(), secret: `secret-${id}`, lastUsed: null, worksAfterPolls: 0 });
    return id;
  }
  async listKeys() {
    return [...this.keys.values()].map(({ accessKeyId, status, createdAt }) => ({ accessKeyId, status, createdAt }));
  }
  async createKey(): Promise<NewKey> {
    this.beforeCreate?.();
    if (this.keys.size >= 2) throw new KeyLimitError("Cannot exceed quota for AccessKeysPerUser: 2");
    const id = `AKIANEW${++this.created}`;
    this.keys.set(id, {
      accessKeyId: id,
      status: "Active",
      createdAt: this.clock.now(),
      secret: `secret-${id}`,
      lastUsed: null,
      worksAfterPolls: this.propagationPolls,
    });
    this.maxKeysSeen = Math.max(this.maxKeysSeen, this.keys.size);
    return { accessKeyId: id, secretAccessKey: `secret-${id}` };
  }
  async deleteKey(id: string) {
    this.keys.delete(id);
  }
  async setStatus(id: string, status: "Active" | "Inactive") {
    const k = this.keys.get(id);
    if (k) k.status = status;
  }
  async lastUsed(id: string) {
    return this.keys.get(id)?.lastUsed ?? null;
  }
  async keyWorks(key: NewKey) {
    const k = this.keys.get(key.accessKeyId);
    if (!k || k.secret !== key.secretAccessKey || k.status !== "Active") return false;
    return k.worksAfterPolls-- <= 0;
  }
  /** Whether a key id/secret pair would authenticate right now. */
  works(id: string | undefined, secret: string | undefined) {
    const k = id ? this.keys.get(id) : undefined;
    return Boolean(k && k.status === "Active" && k.secret === secret);
  }
}

export class FakeTarget implements TargetPort {
  held: NewKey | null = null;
  writes = 0;
  failWrites = 0;
  failWritesRetryable = false;
  verifyAnswer: "real" | "wrong" | "unreachable" = "real";
  suffixOnly = false;
  constructor(public canTell: boolean) {}
  async write(key: NewKey) {
    if (this.failWrites > 0) {
      this.failWrites--;
      throw Object.assign(new Error("target refused the write"), { retryable: this.failWritesRetryable });
    }
    this.writes++;
    this.held = { ...key };
  }
  failReads: "none" | "retryable" | "refused" = "none";
  async holding(candidates: readonly string[]): Promise<Holding> {
    if (this.failReads !== "none") throw Object.assign(new Error("target read failed"), { retryable: this.failReads === "retryable" });
    if (!this.canTell) return { kind: "unknown" };
    if (!this.held) return { kind: "none" };
    // A target that shows only a suffix reports a key outside the candidates as "other".
    if (this.suffixOnly && !candidates.includes(this.held.accessKeyId))
      return { kind: "other", description: `a key ending in ${this.held.accessKeyId.slice(-4)}` };
    return { kind: "key", accessKeyId: this.held.accessKeyId };
  }
  async verify(expected: string): Promise<VerifyResult> {
    if (this.verifyAnswer === "unreachable") return { ok: false, conclusive: false, detail: "target unreachable" };
    if (this.verifyAnswer === "wrong") return { ok: false, conclusive: true, detail: "holds another key" };
    const ok = this.held?.accessKeyId === expected;
    return { ok, conclusive: true, detail: ok ? "holds the new key" : "holds another key" };
  }
  isRetryable(error: unknown) {
    return Boolean((error as { retryable?: boolean }).retryable);
  }
}

export class MemoryRecorder implements Recorder {
  saved: RotationState | null = null;
  events: StepEvent[] = [];
  calls = 0;
  constructor(public crashAtCall = 0) {}
  async record(state: RotationState, event: StepEvent) {
    this.calls++;
    if (this.crashAtCall && this.calls === this.crashAtCall) throw new Crash(`crash at record #${this.calls}`);
    this.saved = structuredClone(state);
    this.events.push(event);
  }
}
