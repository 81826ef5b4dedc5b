import type { PolicyThreshold, RotationPolicy } from "@/lib/inventory/policy";

// The one definition of a key's rotation state: ordered rules, the first whose conditions
// all hold wins, else "ok". The TypeScript evaluator below and the SQL CASE expression in
// rotation-state-sql.ts are both derived from RULES, so the table, the filters, the
// counts and the API can never disagree.

export const KEY_STATES = ["ok", "due", "overdue", "unused", "inactive", "deleted"] as const;
export type KeyState = (typeof KEY_STATES)[number];

/** The columns rules may look at (named as on the model). */
export type KeyFacts = { status: "ACTIVE" | "INACTIVE"; createdAt: Date; lastUsedAt: Date | null; deletedAt: Date | null };

export type Condition =
  | { kind: "set"; field: "deletedAt" | "lastUsedAt" }
  | { kind: "unset"; field: "deletedAt" | "lastUsedAt" }
  | { kind: "status"; is: KeyFacts["status"] }
  /** At least `policy[days]` whole days between the field's time and now (a null field: false). */
  | { kind: "age"; field: "createdAt" | "lastUsedAt"; days: PolicyThreshold };

export type Rule = { state: Exclude<KeyState, "ok">; when: readonly Condition[] };

export const RULES: readonly Rule[] = [
  // Gone from AWS: kept for history, nothing to do.
  { state: "deleted", when: [{ kind: "set", field: "deletedAt" }] },
  // Already switched off: a candidate for deletion rather than rotation.
  { state: "inactive", when: [{ kind: "status", is: "INACTIVE" }] },
  // Not used for a long time, or never since it was created: delete it instead of rotating.
  {
    state: "unused",
    when: [
      { kind: "unset", field: "lastUsedAt" },
      { kind: "age", field: "createdAt", days: "neverUsedDays" },
    ],
  },
  { state: "unused", when: [{ kind: "age", field: "lastUsedAt", days: "unusedDays" }] },
  { state: "overdue", when: [{ kind: "age", field: "createdAt", days: "rotateDays" }] },
  { state: "due", when: [{ kind: "age", field: "createdAt", days: "warnDays" }] },
];

export const DAY_MS = 86_400_000;

/** The instant before which a time is at least `days` days old. */
export function cutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

function holds(c: Condition, key: KeyFacts, policy: RotationPolicy, now: Date): boolean {
  switch (c.kind) {
    case "set":
      return key[c.field] !== null;
    case "unset":
      return key[c.field] === null;
    case "status":
      return key.status === c.is;
    case "age": {
      const at = key[c.field];
      return at !== null && at.getTime() <= cutoff(now, policy[c.days]).getTime();
    }
  }
}

export function rotationState(key: KeyFacts, policy: RotationPolicy, now: Date = new Date()): KeyState {
  for (const rule of RULES) if (rule.when.every((c) => holds(c, key, policy, now))) return rule.state;
  return "ok";
}

/** Whole days since the key was created, as people read "212 days". */
export function ageDays(createdAt: Date, now: Date = new Date()): number {
  return Math.max(0, Math.floor((now.getTime() - createdAt.getTime()) / DAY_MS));
}

/** Most urgent first: what "sort by state" means. */
export const STATE_SEVERITY: Record<KeyState, number> = { overdue: 5, unused: 4, due: 3, inactive: 2, ok: 1, deleted: 0 };
