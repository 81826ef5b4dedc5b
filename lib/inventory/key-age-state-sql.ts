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
 * A condition that does not hold, NULL counting as not holding (as in the CASE, where a NULL
 * comparison falls through to the next rule). k.status and k.created_at are NOT NULL.
 */
function failsSql(c: Condition, policy: RotationPolicy, now: Date): Prisma.Sql {
  switch (c.kind) {
    case "set":
      return Prisma.sql`${Prisma.raw(COLUMNS[c.field])} IS NULL`;
    case "unset":
      return Prisma.sql`${Prisma.raw(COLUMNS[c.field])} IS NOT NULL`;
    case "status":
      return Prisma.sql`${Prisma.raw(COLUMNS.status)}::text <> ${c.is}`;
    case "age": {
      const column = Prisma.raw(COLUMNS[c.field]);
      return Prisma.sql`(${column} IS NULL OR ${column} > ${cutoff(now, policy[c.days])}::timestamptz)`;
    }
  }
}

/** A rule that does not give its state: one of its conditions fails. */
function ruleFailsSql(rule: Rule, policy: RotationPolicy, now: Date): Prisma.Sql {
  return Prisma.sql`(${Prisma.join(
    rule.when.map((c) => failsSql(c, policy, now)),
    " OR ",
  )})`;
}

/** Exactly the keys the CASE puts in `state`: a rule for it holds and no earlier rule does ("ok": no rule holds). */
function stateHoldsSql(state: KeyState, policy: RotationPolicy, now: Date): Prisma.Sql {
  if (state === "ok")
    return Prisma.join(
      RULES.map((rule) => ruleFailsSql(rule, policy, now)),
      " AND ",
    );
  const branches = RULES.flatMap((rule, i) =>
    rule.state === state
      ? [Prisma.sql`(${Prisma.join([ruleSql(rule, policy, now), ...RULES.slice(0, i).map((e) => ruleFailsSql(e, policy, now))], " AND ")})`]
      : [],
  );
  return branches.length ? Prisma.join(branches, " OR ") : Prisma.sql`FALSE`;
}

/**
 * Keys in one of `states`, as plain conditions on the columns rather than the CASE: the same
 * keys (RULES in order, first match), but Postgres estimates how many match from each column's
 * statistics. Against the CASE it guessed 59 overdue keys of 20,000 where 7,432 were, sorted
 * them all, and a page of `?state=overdue&sort=-lastUsed` took 32 ms; with a fair estimate it
 * walks the last-used index and stops after a page (bench/RESULTS.md §11).
 */
export function stateFilterSql(states: readonly KeyState[], policy: RotationPolicy, now: Date): Prisma.Sql {
  return Prisma.sql`(${Prisma.join(
    states.map((state) => Prisma.sql`(${stateHoldsSql(state, policy, now)})`),
    " OR ",
  )})`;
}
