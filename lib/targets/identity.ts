import { z } from "zod";
import { TARGET_TYPES, TARGETS, type TargetType } from "./index";

// Which endpoint a target's settings point at: the values of the fields its connector
// declares as `identity` (API host, repository, project, webhook URL, secret id…). A
// stored token is bound to this identity when it is set (lib/integrations/token-binding.ts),
// so a token given for acme/api cannot be sent to a URL chosen later by someone else.

export type TargetIdentity = Record<string, string | null>;
export type TokenBinding = { type: TargetType; identity: TargetIdentity };

export const tokenBindingSchema = z.object({
  type: z.enum(TARGET_TYPES),
  identity: z.record(z.string(), z.string().nullable()),
});

export function targetIdentity(type: TargetType, settings: unknown): TargetIdentity {
  const values = (settings ?? {}) as Record<string, unknown>;
  const out: TargetIdentity = {};
  for (const field of TARGETS[type].identity) {
    const v = values[field];
    out[field] = typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) || null : null;
  }
  return out;
}

export function bindingFor(type: TargetType, settings: unknown): TokenBinding {
  return { type, identity: targetIdentity(type, settings) };
}

export type IdentityChange = { field: string; from: string | null; to: string | null };

/** What differs between two bindings; a change of target type is reported as `type`. */
export function bindingChanges(before: TokenBinding, after: TokenBinding): IdentityChange[] {
  if (before.type !== after.type) return [{ field: "type", from: before.type, to: after.type }];
  const fields = new Set([...Object.keys(before.identity), ...Object.keys(after.identity)]);
  return [...fields]
    .sort()
    .map((field) => ({ field, from: before.identity[field] ?? null, to: after.identity[field] ?? null }))
    .filter((c) => c.from !== c.to);
}

/** Canonical text of a binding (sorted keys): part of the token's associated data. */
export function canonicalBinding(binding: TokenBinding): string {
  const identity = Object.fromEntries(Object.entries(binding.identity).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({ type: binding.type, identity });
}

/**
 * "apiUrl https://api.github.com, owner acme, repo api" for messages, the page and the audit
 * log: in the order the connector declares its fields, whatever order a stored binding kept
 * (Postgres jsonb reorders keys).
 */
export function describeIdentity(binding: TokenBinding): string {
  const declared: readonly string[] = TARGETS[binding.type].identity;
  const rank = (field: string) => (declared.includes(field) ? declared.indexOf(field) : declared.length);
  return Object.entries(binding.identity)
    .filter(([, v]) => v !== null)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}
