import type { Clock, Holding, IamPort, KeyInfo, NewKey, Recorder, RotationState, StepEvent, TargetPort, VerifyResult } from "@/lib/rotation/ports";

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
  constructor(private clock: FakeClock) {}
  seed(id: string, status: "Active" | "Inactive" = "Active") {
    this.keys.set(id, { accessKeyId: id, status, createdAt: this.clock.now(), secret: `secret-${id}`, lastUsed: null, worksAfterPolls: 0 });
    return id;
  }
  async listKeys() {
    return [...this.keys.values()].map(({ accessKeyId, status, createdAt }) => ({ accessKeyId, status, createdAt }));
  }
  async createKey(): Promise<NewKey> {
    if (this.keys.size >= 2) throw Object.assign(new Error("LimitExceeded: Cannot exceed quota for AccessKeysPerUser: 2"), { name: "LimitExceeded" });
    const id = `AKIANEW${++this.created}`;
    this.keys.set(id, { accessKeyId: id, status: "Active", createdAt: this.clock.now(), secret: `secret-${id}`, lastUsed: null, worksAfterPolls: this.propagationPolls });
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
  constructor(public canTell: boolean) {}
  async write(key: NewKey) {
    if (this.failWrites > 0) {
      this.failWrites--;
      throw Object.assign(new Error("target refused the write"), { retryable: this.failWritesRetryable });
    }
    this.writes++;
    this.held = { ...key };
  }
  async holding(): Promise<Holding> {
    if (!this.canTell) return { kind: "unknown" };
    return this.held ? { kind: "key", accessKeyId: this.held.accessKeyId } : { kind: "none" };
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
