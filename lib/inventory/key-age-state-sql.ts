import "server-only";
import { Prisma } from "@/lib/db";
import type { RotationPolicy } from "@/lib/inventory/policy";
import { cutoff, RULES, STATE_SEVERITY, type Condition, type KeyState, type Rule } from "@/lib/inventory/key-age-state";

// RULES as SQL, for filters, counts and sorting in the database. The column names are
// constants of this file, never input; every threshold is a bound parameter.

const COLUMNS = {
  deletedAt: "k.deleted_at",
  lastUsedAt: "k.last_used_at",
  createdAt: "k.created_at",
  status: "k.status",
} as const;

function conditionSql(c: Condition, policy: RotationPolicy, now: Date): Prisma.Sql {
  switch (c.kind) {
    case "set":
      return Prisma.sql`${Prisma.raw(COLUMNS[c.field])} IS NOT NULL`;
    case "unset":
      return Prisma.sql`${Prisma.raw(COLUMNS[c.field])} IS NULL`;
    case "status":
      return Prisma.sql`${Prisma.raw(COLUMNS.status)}::text = ${c.is}`;
    case "age":
      // NULL <= x is NULL, which CASE treats as false: the same as the evaluator.
      return Prisma.sql`${Prisma.raw(COLUMNS[c.field])} <= ${cutoff(now, policy[c.days])}::timestamptz`;
  }
}

/** One rule's conditions, all of them: when it gives its state (if no earlier rule did). */
function ruleSql(rule: Rule, policy: RotationPolicy, now: Date): Prisma.Sql {
  return Prisma.join(
    rule.when.map((c) => conditionSql(c, policy, now)),
    " AND ",
  );
}

/** `CASE WHEN … THEN 'deleted' … ELSE 'ok' END` over the access_keys row aliased `k`. */
export function stateSql(policy: RotationPolicy, now: Date): Prisma.Sql {
  const branches = RULES.map((rule) => Prisma.sql`WHEN ${ruleSql(rule, policy, now)} THEN ${rule.state}`);
  return Prisma.sql`(CASE ${Prisma.join(branches, " ")} ELSE 'ok' END)`;
}

/** The state's severity rank (sort by state), from the same CASE. */
export function severitySql(policy: RotationPolicy, now: Date): Prisma.Sql {
  const ranks = Object.entries(STATE_SEVERITY).map(([state, rank]) => Prisma.sql`WHEN ${state} THEN ${rank}::int`);
  return Prisma.sql`(CASE ${stateSql(policy, now)} ${Prisma.join(ranks, " ")} END)`;
}

/**
 * Keys in one of `states`: the CASE, and beside it what must hold for the CASE to give one of
 * them (some rule for that state has all its conditions true). The second part never changes
 * the answer; it gives the planner conditions it can use, such as `created_at <= cutoff` for
 * "overdue", so a filtered page reads the keys that can match rather than filtering every key
 * through the CASE (bench/RESULTS.md §5, fifth session). "ok" has no rule (the CASE's ELSE):
 * with it, only the CASE applies.
 */
export function stateFilterSql(states: readonly KeyState[], policy: RotationPolicy, now: Date): Prisma.Sql {
  const inCase = Prisma.sql`${stateSql(policy, now)} = ANY(${states}::text[])`;
  if (states.includes("ok")) return inCase;
  const possible = RULES.filter((rule) => states.includes(rule.state)).map((rule) => Prisma.sql`(${ruleSql(rule, policy, now)})`);
  return possible.length ? Prisma.sql`${inCase} AND (${Prisma.join(possible, " OR ")})` : inCase;
}
