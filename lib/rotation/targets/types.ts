import type { z } from "zod";
import type { AwsCredentials } from "@/lib/aws/config";

// The one interface every rotation target implements. The rotation state machine only
// talks to targets through it (see index.ts for the registry and bindTarget()).

export const TARGET_TYPES = ["github", "gitlab", "travis", "circleci", "secrets_manager", "webhook"] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export function isTargetType(value: unknown): value is TargetType {
  return typeof value === "string" && (TARGET_TYPES as readonly string[]).includes(value);
}

/** A freshly created IAM access key. The secret lives only in memory while it is pushed. */
export type AccessKey = { accessKeyId: string; secretAccessKey: string };

export type TargetContext<S> = {
  /** Non-secret settings, already validated by the connector's settingsSchema. */
  settings: S;
  /** The decrypted API credential (or webhook signing secret). Never logged, never in a message. */
  token: string | null;
  /** Secrets Manager only: credentials of the role assumed in the integration's account. */
  aws?: { credentials: AwsCredentials };
  /** Who the key is for; sent in webhook payloads, and the owner of a Secrets Manager secret. */
  integration?: { id: string; name: string };
  /** Provisioning: the request the key is first written for (before its integration exists). */
  requestId?: string;
  signal?: AbortSignal;
  /** Per-request timeout (default 10 s). Retries of a failed request are bounded separately. */
  timeoutMs?: number;
};

/**
 * Which key a target holds, as far as the service lets us see it. Services differ: GitLab
 * and Travis return the value, CircleCI only its last four characters, a webhook nothing.
 */
export type KeyObservation =
  | { kind: "exact"; accessKeyId: string }
  | { kind: "suffix"; suffix: string; hint: string }
  | { kind: "absent" }
  | { kind: "unknown"; reason: string };

export type Verification = { ok: boolean; detail: string };

export interface TargetConnector<S> {
  type: TargetType;
  label: string;
  settingsSchema: z.ZodType<S>;
  requiresToken: boolean;
  tokenLabel?: string;
  /**
   * The settings that say which endpoint the token is for (host, repository, project…). A
   * stored token is bound to their values: changing one needs a new token (token-binding.ts).
   * Names of fields of the settings schema (index.test.ts checks).
   */
  identity: readonly string[];
  /** Settings holding URLs Keyless connects to: checked against the address policy. */
  urlFields: readonly string[];
  /** One line for people: "GitHub Actions secrets of acme/api (environment prod)". */
  describe(settings: S): string;
  /** Pushes the key. Idempotent: writing the same key twice leaves the same end state. */
  write(ctx: TargetContext<S>, key: AccessKey): Promise<void>;
  currentKeyId(ctx: TargetContext<S>): Promise<KeyObservation>;
  /** Checks the target now holds this key id (and, where visible, that the secret went with it). */
  verify(ctx: TargetContext<S>, expectedAccessKeyId: string): Promise<Verification>;
}

/**
 * Does the observation show this key? "unknown" when the service cannot say. A suffix match
 * (CircleCI) counts as a match: 4 characters of a random key id rarely collide, and the
 * check is there to catch a target holding a key Keyless does not expect.
 */
export function observationMatches(observation: KeyObservation, accessKeyId: string): boolean | "unknown" {
  switch (observation.kind) {
    case "exact":
      return observation.accessKeyId === accessKeyId;
    case "suffix":
      return accessKeyId.endsWith(observation.suffix);
    case "absent":
      return false;
    case "unknown":
      return "unknown";
  }
}

export function describeObservation(observation: KeyObservation): string {
  switch (observation.kind) {
    case "exact":
      return observation.accessKeyId;
    case "suffix":
      return `a key ending in ${observation.suffix} (${observation.hint})`;
    case "absent":
      return "no key";
    case "unknown":
      return `unknown (${observation.reason})`;
  }
}
