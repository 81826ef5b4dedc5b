import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { rolesFromGroups } from "@/lib/auth/roles";
import { roleMapping } from "@/lib/auth/session-lookup";
import { db, Prisma } from "@/lib/db";
import { decodePeopleCursor, encodePeopleCursor, type PeopleCursor } from "@/lib/people/cursor";
import { liveBrowserSql, liveCliSql } from "@/lib/people/live-sessions";
import {
  AWS_SESSION_WINDOW_HOURS,
  type PeoplePage,
  type PeopleQuery,
  type PeopleSort,
  type PeopleSortField,
  type PersonRow,
} from "@/lib/people/schemas";

// The People list (admins): everyone Keyless knows, searched, filtered and keyset-paged in
// the database. Roles are not stored (they follow the groups by configuration), so the role
// filter is a condition on the groups, with the same mapping lib/auth/roles.ts applies.

type Row = {
  id: string;
  email: string;
  name: string | null;
  status: PersonRow["status"];
  suspended_by: PersonRow["suspendedBy"];
  source: PersonRow["source"];
  groups: string[];
  last_sign_in_at: Date | null;
  sort_value: string;
  browser: number;
  cli: number;
  aws: number;
};

// Each sort is an expression with a text form for the cursor, and a cast to read it back.
// Timestamps are without time zone here (users.last_sign_in_at), so the text form is too.
const SORT_SQL: Record<PeopleSortField, { expr: Prisma.Sql; text: Prisma.Sql; cast: (v: string) => Prisma.Sql }> = {
  email: { expr: Prisma.sql`u.email`, text: Prisma.sql`u.email`, cast: (v) => Prisma.sql`${v}::text` },
  name: {
    expr: Prisma.sql`lower(coalesce(u.name, u.email))`,
    text: Prisma.sql`lower(coalesce(u.name, u.email))`,
    cast: (v) => Prisma.sql`${v}::text`,
  },
  lastSignIn: {
    expr: Prisma.sql`coalesce(u.last_sign_in_at, '1970-01-01'::timestamp)`,
    text: Prisma.sql`to_char(coalesce(u.last_sign_in_at, '1970-01-01'::timestamp), 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
    cast: (v) => Prisma.sql`${v}::timestamp`,
  },
};

function sortParts(sort: PeopleSort): { field: PeopleSortField; desc: boolean } {
  const desc = sort.startsWith("-");
  return { field: (desc ? sort.slice(1) : sort) as PeopleSortField, desc };
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function whereSql(q: PeopleQuery, cursor: PeopleCursor | null): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (q.q) parts.push(Prisma.sql`(u.email ILIKE ${likePattern(q.q)} OR u.name ILIKE ${likePattern(q.q)})`);
  if (q.status) parts.push(Prisma.sql`u.status::text = ${q.status}`);
  if (q.source) parts.push(Prisma.sql`u.source::text = ${q.source}`);
  const { adminGroups, managerGroups } = roleMapping();
  const admin = Prisma.sql`u.groups && ${[...adminGroups]}::text[]`;
  const manager = Prisma.sql`u.groups && ${[...managerGroups]}::text[]`;
  if (q.role === "admin") parts.push(admin);
  if (q.role === "manager") parts.push(manager);
  if (q.role === "engineer") parts.push(Prisma.sql`NOT (${admin}) AND NOT (${manager})`);
  if (cursor) {
    const { field, desc } = sortParts(cursor.sort);
    const spec = SORT_SQL[field];
    const op = Prisma.raw(desc ? "<" : ">");
    parts.push(Prisma.sql`(${spec.expr}, u.id) ${op} (${spec.cast(cursor.value)}, ${cursor.id}::text)`);
  }
  return Prisma.join(parts, " AND ");
}

export async function listPeople(caller: Caller, q: PeopleQuery): Promise<PeoplePage> {
  await requirePermission(caller, "people.read");
  const cursor = q.cursor ? decodePeopleCursor(q.cursor, q.sort) : null;
  const { field, desc } = sortParts(q.sort);
  const spec = SORT_SQL[field];
  const dir = Prisma.raw(desc ? "DESC" : "ASC");
  const rows = await db().$queryRaw<Row[]>`
    SELECT u.id, u.email, u.name, u.status::text AS status, u.suspended_by::text AS suspended_by, u.source::text AS source,
           u.groups, u.last_sign_in_at, ${spec.text} AS sort_value,
           (SELECT count(*)::int FROM sessions s WHERE s.user_id = u.id AND ${liveBrowserSql()}) AS browser,
           (SELECT count(*)::int FROM cli_sessions c WHERE c.user_id = u.id AND ${liveCliSql}) AS cli,
           (SELECT count(*)::int FROM aws_sessions a
             WHERE a.user_id = u.id AND a.issued_at > now() - make_interval(hours => ${AWS_SESSION_WINDOW_HOURS}::int)) AS aws
      FROM users u
     WHERE ${whereSql(q, cursor)}
     ORDER BY ${spec.expr} ${dir}, u.id ${dir}
     LIMIT ${q.limit + 1}`;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const mapping = roleMapping();
  return {
    items: page.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      status: r.status,
      suspendedBy: r.suspended_by,
      source: r.source,
      groups: r.groups,
      roles: rolesFromGroups(r.groups, mapping),
      lastSignInAt: r.last_sign_in_at?.toISOString() ?? null,
      liveSessions: { browser: r.browser, cli: r.cli },
      awsSessions: r.aws,
    })),
    nextCursor: rows.length > q.limit && last ? encodePeopleCursor({ sort: q.sort, value: last.sort_value, id: last.id }) : null,
  };
}
