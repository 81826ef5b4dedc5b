import "server-only";
import { z } from "zod";
import type { Caller } from "@/lib/auth/caller";
import { can, requirePermission } from "@/lib/auth/guard";
import { auditEntryId } from "@/lib/audit/entry-id";
import { auditKey } from "@/lib/audit/seal";
import { verifyChain } from "@/lib/audit/verify";
import { auditPageSql, DISTINCT_ACTIONS } from "@/lib/audit/page-sql";
import { sql } from "@/lib/db";

export const auditQuerySchema = z.object({
  actor: z.string().trim().max(320).optional().describe("The actor's email (any case) or `system:<name>`, exactly."),
  action: z.string().trim().max(100).optional().describe("An action, or the start of one (`cli.`)."),
  target: z.string().trim().max(300).optional().describe("The target's id, exactly (a role ARN, an access key id, a user id…)."),
  outcome: z.enum(["success", "denied", "failure"]).optional(),
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
  cursor: auditEntryId("cursor must be an entry id").optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export type AuditRow = {
  id: string;
  at: string;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: "success" | "denied" | "failure";
  ip: string | null;
  requestId: string | null;
  details: unknown;
  hash: string;
};

export const auditPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      at: z.iso.datetime(),
      actorEmail: z.string().nullable(),
      action: z.string(),
      targetType: z.string().nullable(),
      targetId: z.string().nullable(),
      outcome: z.enum(["success", "denied", "failure"]),
      ip: z.string().nullable(),
      requestId: z.string().nullable(),
      details: z.unknown(),
      hash: z.string(),
    }),
  ),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next (older) page."),
});

/** Admins read everything; everyone else reads only what they did themselves. */
export async function listAuditEvents(caller: Caller, raw: Partial<AuditQuery>): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
  const q = auditQuerySchema.parse(raw);
  const all = can(caller, "audit.read.all");
  if (!all) await requirePermission(caller, "audit.read.own");
  const { text, values } = auditPageSql({
    ...q,
    // Sign-in stores emails in lower case (lib/auth/adapter.ts); system actors keep their name.
    actor: q.actor?.includes("@") ? q.actor.toLowerCase() : q.actor,
    actorId: all ? undefined : caller.kind === "user" ? caller.userId : "-",
    limit: q.limit + 1,
  });
  const rows = await sql<Omit<AuditRow, "at"> & { at: Date }>(text, values);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({ ...r, at: r.at.toISOString() })),
    nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function listAuditActions(caller: Caller): Promise<string[]> {
  await requirePermission(caller, "audit.read.all");
  const rows = await sql<{ a: string }>(`${DISTINCT_ACTIONS} SELECT a FROM acts WHERE a IS NOT NULL`);
  return rows.map((r) => r.a);
}

/** Verifies the chain and its seals now, in the app (lib/audit/verify.ts); the first entry that does not match. */
export async function verifyAuditChain(caller: Caller): Promise<{ checked: number; firstBadId: string | null }> {
  await requirePermission(caller, "audit.read.all");
  const query = async <R>(text: string, values: unknown[]) => (await sql(text, values)) as R[];
  const head = await verifyChain(query, auditKey(), null);
  return { checked: head.ok ? head.count : head.count + 1, firstBadId: head.firstBadId };
}
