import "server-only";
import { ValidationError } from "@/lib/errors";
import { circleciTarget } from "./circleci";
import { githubTarget } from "./github";
import { gitlabTarget } from "./gitlab";
import { jenkinsTarget } from "./jenkins";
import { secretsManagerTarget } from "./secrets-manager";
import { travisTarget } from "./travis";
import type { AccessKey, FieldSpec, KeyObservation, TargetConnector, TargetContext, TargetIconName, Verification } from "./types";
import { webhookTarget } from "./webhook";

// The registry of rotation targets: one line per connector, in the order the form offers
// them. Everything else (the type list, the settings types, the form, the icons, token
// binding) is derived from it. Callers that hold an integration row use bindTarget(): it
// validates the stored settings once and returns the connector with them bound, so the
// rotation code never handles per-target setting types.

export const TARGETS = {
  github: githubTarget,
  gitlab: gitlabTarget,
  travis: travisTarget,
  circleci: circleciTarget,
  secrets_manager: secretsManagerTarget,
  webhook: webhookTarget,
  jenkins: jenkinsTarget,
};

/** The registry's keys: adding a connector to TARGETS adds its type everywhere. */
export type TargetType = keyof typeof TARGETS;

type SettingsOf<C> = C extends TargetConnector<infer S> ? S : never;
export type TargetSettings = { [K in TargetType]: SettingsOf<(typeof TARGETS)[K]> };

export const TARGET_TYPES = Object.keys(TARGETS) as [TargetType, ...TargetType[]];

export function isTargetType(value: unknown): value is TargetType {
  return typeof value === "string" && Object.hasOwn(TARGETS, value);
}

const connectorOf = (type: TargetType): TargetConnector<unknown> => TARGETS[type] as TargetConnector<unknown>;

/** What the integration form offers, in display order: plain data a client component can take. */
export type TargetOption = {
  type: TargetType;
  label: string;
  icon: TargetIconName;
  requiresToken: boolean;
  tokenLabel: string | null;
  fields: FieldSpec[];
};

export const TARGET_OPTIONS: TargetOption[] = TARGET_TYPES.map((type) => {
  const c = connectorOf(type);
  return { type, label: c.label, icon: c.icon, requiresToken: c.requiresToken, tokenLabel: c.tokenLabel ?? null, fields: [...c.fields] };
});

/** How the connector's form names a setting ("API base URL"), for pages that list stored settings. */
export function settingLabel(type: string, key: string): string {
  return (isTargetType(type) ? connectorOf(type).fields.find((f) => f.key === key)?.label : undefined) ?? key;
}

/** Validated settings with defaults applied; a ValidationError (422) naming the field otherwise. */
export function parseTargetSettings<T extends TargetType>(type: T, raw: unknown): TargetSettings[T] {
  const connector = connectorOf(type);
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
  const connector = connectorOf(type);
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
export { observationMatches, describeObservation } from "./types";
export type { AccessKey, FieldSpec, KeyObservation, Verification } from "./types";
