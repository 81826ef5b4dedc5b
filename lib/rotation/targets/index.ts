import "server-only";
import { ValidationError } from "@/lib/errors";
import { circleciTarget, type CircleCiSettings } from "./circleci";
import { githubTarget, type GitHubSettings } from "./github";
import { gitlabTarget, type GitLabSettings } from "./gitlab";
import { secretsManagerTarget, type SecretsManagerSettings } from "./secrets-manager";
import { travisTarget, type TravisSettings } from "./travis";
import {
  TARGET_TYPES,
  type AccessKey,
  type KeyObservation,
  type TargetConnector,
  type TargetContext,
  type TargetType,
  type Verification,
} from "./types";
import { webhookTarget, type WebhookSettings } from "./webhook";

// The registry of rotation targets. Callers that hold an integration row use bindTarget():
// it validates the stored settings once and returns the connector with them bound, so the
// rotation code never handles per-target setting types.

export type TargetSettings = {
  github: GitHubSettings;
  gitlab: GitLabSettings;
  travis: TravisSettings;
  circleci: CircleCiSettings;
  secrets_manager: SecretsManagerSettings;
  webhook: WebhookSettings;
};

export const TARGETS: { [K in TargetType]: TargetConnector<TargetSettings[K]> } = {
  github: githubTarget,
  gitlab: gitlabTarget,
  travis: travisTarget,
  circleci: circleciTarget,
  secrets_manager: secretsManagerTarget,
  webhook: webhookTarget,
};

/** What the integration form offers, in display order. */
export const TARGET_OPTIONS = TARGET_TYPES.map((type) => ({
  type,
  label: TARGETS[type].label,
  requiresToken: TARGETS[type].requiresToken,
  tokenLabel: TARGETS[type].tokenLabel ?? null,
}));

/** Validated settings with defaults applied; a ValidationError (422) naming the field otherwise. */
export function parseTargetSettings<T extends TargetType>(type: T, raw: unknown): TargetSettings[T] {
  const connector: TargetConnector<unknown> = TARGETS[type];
  const parsed = connector.settingsSchema.safeParse(raw);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, `The ${connector.label} target`);
  return parsed.data as TargetSettings[T];
}

/** Everything a call needs besides the settings. */
export type TargetRuntime = Omit<TargetContext<unknown>, "settings">;

export type BoundTarget = {
  type: TargetType;
  label: string;
  description: string;
  requiresToken: boolean;
  write(runtime: TargetRuntime, key: AccessKey): Promise<void>;
  currentKeyId(runtime: TargetRuntime): Promise<KeyObservation>;
  verify(runtime: TargetRuntime, expectedAccessKeyId: string): Promise<Verification>;
};

export function bindTarget(type: TargetType, rawSettings: unknown): BoundTarget {
  const connector: TargetConnector<unknown> = TARGETS[type];
  const settings = parseTargetSettings(type, rawSettings);
  const ctx = (runtime: TargetRuntime): TargetContext<unknown> => ({ ...runtime, settings });
  return {
    type,
    label: connector.label,
    description: connector.describe(settings),
    requiresToken: connector.requiresToken,
    write: (runtime, key) => connector.write(ctx(runtime), key),
    currentKeyId: (runtime) => connector.currentKeyId(ctx(runtime)),
    verify: (runtime, expected) => connector.verify(ctx(runtime), expected),
  };
}

export { TargetError } from "./errors";
export { observationMatches, describeObservation, isTargetType, TARGET_TYPES } from "./types";
export type { AccessKey, KeyObservation, TargetType, Verification } from "./types";
