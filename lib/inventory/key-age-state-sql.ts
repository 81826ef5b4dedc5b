import "server-only";
import { Prisma } from "@/lib/db";
import type { RotationPolicy } from "@/lib/inventory/policy";
import { cutoff, RULES, STATE_SEVERITY, type Condition } from "@/lib/inventory/key-age-state";

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

/** `CASE WHEN … THEN 'deleted' … ELSE 'ok' END` over the access_keys row aliased `k`. */
export function stateSql(policy: RotationPolicy, now: Date): Prisma.Sql {
  const branches = RULES.map(
    (rule) =>
      Prisma.sql`WHEN ${Prisma.join(
        rule.when.map((c) => conditionSql(c, policy, now)),
        " AND ",
      )} THEN ${rule.state}`,
  );
  return Prisma.sql`(CASE ${Prisma.join(branches, " ")} ELSE 'ok' END)`;
}

/** The state's severity rank (sort by state), from the same CASE. */
export function severitySql(policy: RotationPolicy, now: Date): Prisma.Sql {
  const ranks = Object.entries(STATE_SEVERITY).map(([state, rank]) => Prisma.sql`WHEN ${state} THEN ${rank}::int`);
  return Prisma.sql`(CASE ${stateSql(policy, now)} ${Prisma.join(ranks, " ")} END)`;
}
