import type { Holding, NewKey, TargetPort, VerifyResult } from "@/lib/rotation/ports";
import { TargetError } from "@/lib/targets/errors";
import type { KeyObservation, Verification } from "@/lib/targets/types";

// Adapts a bound target connector (lib/rotation/targets) to the state machine's TargetPort.
// Connectors report what the service shows (a key id, its last characters, nothing, or
// "cannot tell"); the machine asks a sharper question: which of these key ids is held?

/** The part of BoundTarget the adapter uses, with the runtime (token, AWS credentials) bound. */
export type TargetCalls = {
  write(key: NewKey): Promise<void>;
  currentKeyId(): Promise<KeyObservation>;
  verify(expectedAccessKeyId: string): Promise<Verification>;
};

export function holdingFrom(observation: KeyObservation, candidates: readonly string[]): Holding {
  switch (observation.kind) {
    case "exact":
      return { kind: "key", accessKeyId: observation.accessKeyId };
    case "absent":
      return { kind: "none" };
    case "unknown":
      return { kind: "unknown" };
    case "suffix": {
      const matches = candidates.filter((id) => id.endsWith(observation.suffix));
      if (matches.length === 1) return { kind: "key", accessKeyId: matches[0]! };
      // Two candidates with the same last characters: the service cannot tell them apart.
      if (matches.length > 1) return { kind: "unknown" };
      return { kind: "other", description: `a key ending in ${observation.suffix} (${observation.hint})` };
    }
  }
}

export function isRetryableTargetError(error: unknown): boolean {
  return error instanceof TargetError && error.retryable;
}

export function targetPort(target: TargetCalls): TargetPort {
  return {
    write: (key) => target.write(key),
    holding: async (candidates) => holdingFrom(await target.currentKeyId(), candidates),
    async verify(expected): Promise<VerifyResult> {
      try {
        const v = await target.verify(expected);
        return { ok: v.ok, detail: v.detail, conclusive: true };
      } catch (error) {
        // A passing failure (429, 5xx, network) says nothing about what the target holds:
        // inconclusive, so the machine retries and never rolls back on it. Anything else
        // (a refused token) is thrown, and the machine fails without rolling back either:
        // the target may hold the new key, so deleting it could break the service.
        if (isRetryableTargetError(error)) return { ok: false, detail: (error as Error).message, conclusive: false };
        throw error;
      }
    },
    isRetryable: isRetryableTargetError,
  };
}
