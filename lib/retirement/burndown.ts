import "server-only";
import { z } from "zod";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { requireKeyScope } from "@/lib/inventory/keys";
import { humanKeySql } from "@/lib/retirement/human-key-sql";

// The burn-down: how many long-lived keys were active at the end of each day, human and
// service apart, rebuilt from the inventory's history (access_key_events) in one query.
// A key is active from its creation in the status it was first seen with, then in the
// status of each event (status_changed, reappeared), until an event says deleted. Each
// active span adds one on its first day and removes one on the day it ends, and a running
// sum gives every day's count: linear in keys and events, whatever the window.

export const BURNDOWN_WINDOWS = [30, 90, 180, 365] as const;

export const burndownQuerySchema = z.object({
  days: z.coerce
    .number()
    .int()
    .refine((d) => (BURNDOWN_WINDOWS as readonly number[]).includes(d), "days must be 30, 90, 180 or 365")
    .default(90),
  team: z.string().trim().min(1).max(128).optional(),
  owner: z.string().trim().toLowerCase().min(1).max(254).optional(),
});
export type BurndownQuery = z.input<typeof burndownQuerySchema>;

export type BurndownPoint = { day: string; human: number; service: number };
export type Burndown = { points: BurndownPoint[]; scope: "all" | "own"; team: string | null; owner: string | null };

const DAY_MS = 86_400_000;

export async function keyBurndown(caller: Caller, query: BurndownQuery, now = new Date()): Promise<Burndown> {
  const scope = await requireKeyScope(caller);
  const parsed = burndownQuerySchema.safeParse(query);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, "The burn-down filters");
  const { days, team } = parsed.data;
  // Without keys.read.all the caller sees their own keys only, whatever the filter says.
  const owner = scope.owner ?? parsed.data.owner ?? null;
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  const rows = await db().$queryRaw<{ day: string; human: number; service: number }[]>`
    WITH k AS (
      SELECT k.id, k.status::text AS status, k.created_at, ${humanKeySql()} AS human
      FROM access_keys k
      WHERE (k.deleted_at IS NULL OR k.deleted_at >= ${from}::date)
        AND (${owner}::text IS NULL OR k.owner = ${owner}) AND (${team ?? null}::text IS NULL OR k.team = ${team ?? null})
    ), t AS (
      SELECT k.id, k.human, k.created_at AS at, 0::bigint AS seq, coalesce((
        SELECT CASE WHEN e.kind = 'discovered' THEN e."to" ELSE e."from" END
        FROM access_key_events e WHERE e.access_key_id = k.id ORDER BY e.at, e.id LIMIT 1), k.status) AS state
      FROM k
      UNION ALL
      SELECT e.access_key_id, k.human, e.at, e.id, CASE WHEN e.kind = 'deleted' THEN 'deleted' ELSE e."to" END
      FROM access_key_events e JOIN k ON k.id = e.access_key_id
      WHERE e.kind <> 'discovered'
    ), s AS (
      SELECT human, state, at AS since, lead(at) OVER (PARTITION BY id ORDER BY at, seq) AS until FROM t
    ), deltas AS (
      SELECT greatest((since AT TIME ZONE 'UTC')::date, ${from}::date) AS day, human, 1 AS delta FROM s WHERE state = 'ACTIVE'
      UNION ALL
      SELECT greatest((until AT TIME ZONE 'UTC')::date, ${from}::date), human, -1 FROM s WHERE state = 'ACTIVE' AND until IS NOT NULL
    ), daily AS (
      SELECT day, sum(delta) FILTER (WHERE human) AS h, sum(delta) FILTER (WHERE NOT human) AS sv FROM deltas GROUP BY day
    )
    SELECT to_char(g.day, 'YYYY-MM-DD') AS day,
           (sum(coalesce(daily.h, 0)) OVER (ORDER BY g.day))::int AS human,
           (sum(coalesce(daily.sv, 0)) OVER (ORDER BY g.day))::int AS service
    FROM generate_series(${from}::date, ${to}::date, interval '1 day') AS g(day)
    LEFT JOIN daily ON daily.day = g.day::date
    ORDER BY g.day`;
  return { points: rows, scope: scope.owner ? "own" : "all", team: team ?? null, owner };
}

/** The teams with keys the caller may see (the burn-down's filter). */
export async function listKeyTeams(caller: Caller): Promise<string[]> {
  const scope = await requireKeyScope(caller);
  const rows = await db().$queryRaw<{ team: string }[]>`
    SELECT DISTINCT team FROM access_keys
    WHERE team IS NOT NULL AND (${scope.owner}::text IS NULL OR owner = ${scope.owner}) ORDER BY team LIMIT 500`;
  return rows.map((r) => r.team);
}
