import type { icons } from "lucide-react";
import type { z } from "zod";
import type { AwsCredentials } from "@/lib/aws/config";

// The one interface every rotation target implements. The rotation state machine only
// talks to targets through it, and the UI only knows a target by what its connector
// declares here: the form's fields, the icon, the label (index.ts holds the registry and
// derives TargetType from it; connectors and their helpers sit below it and never import it).

/**
 * One input of the integration form, named "targetSettings.<key>". Plain data: server
 * components hand it to the client form as is. Empty inputs take the schema's default,
 * which the placeholder shows.
 */
export type FieldSpec<K extends string = string> = {
  key: K;
  label: string;
  kind?: "text" | "url" | "checkbox";
  placeholder?: string;
  hint?: string;
  required?: boolean;
  /** Shown under "Advanced": API base URLs and variable names rarely change. */
  advanced?: boolean;
};

/** A lucide icon's name ("GitBranch"): serializable, rendered by components/integrations/target-icon.tsx. */
export type TargetIconName = keyof typeof icons;

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
  /** Its key in the registry (index.test.ts checks). */
  type: string;
  label: string;
  icon: TargetIconName;
  settingsSchema: z.ZodType<S>;
  /** The form, in display order; keys are fields of the settings schema (index.test.ts checks). */
  fields: readonly FieldSpec<keyof S & string>[];
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
  /** Where the key goes, in one line for lists, audit details and notifications: "GitHub Actions secrets of acme/api (environment prod)". */
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
