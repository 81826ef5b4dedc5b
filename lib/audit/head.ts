import "server-only";
import { auditKey, sealOf, sealMatches } from "@/lib/audit/seal";
import { verifyChain, type ChainHead } from "@/lib/audit/verify";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { putJsonObject } from "@/lib/aws/s3-object";
import { db, sql } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { announce } from "@/lib/notify/announce";

// The verify job's work (lib/jobs/definitions/audit-verify.ts): verify the chain, keep the
// result (sealed, append-only) where the audit page reads it, and publish the head to the
// log and, when configured, to an S3 object outside the database's reach (Object Lock
// retention when configured), so a rewrite of the whole database is caught by comparing.

export type { ChainHead } from "@/lib/audit/verify";

// Over the fields in sorted order: jsonb gives them back in an order of its own.
const canonical = (head: ChainHead) => JSON.stringify(head, Object.keys(head).sort());
const headMac = (head: ChainHead, key: Buffer | null) => (key ? sealOf(canonical(head), key) : "");

/** The last stored result; a stored result whose seal does not match is itself tampering. */
async function previousHead(key: Buffer | null): Promise<{ head: ChainHead | null; altered: boolean }> {
  const row = await db().auditVerification.findFirst({ orderBy: { id: "desc" }, select: { head: true, mac: true } });
  if (!row) return { head: null, altered: false };
  const head = row.head as ChainHead;
  if (key && row.mac && !sealMatches(canonical(head), row.mac, key)) return { head: null, altered: true };
  return { head: key && !row.mac ? null : head, altered: false };
}

export async function verifyAndPublish(now = new Date()): Promise<ChainHead> {
  const key = auditKey();
  const previous = await previousHead(key);
  const query = async <R>(text: string, values: unknown[]) => (await sql(text, values)) as R[];
  let head = await verifyChain(query, key, previous.head?.ok ? previous.head : null, now);
  if (previous.altered && head.ok) head = { ...head, ok: false, problem: "the stored result of the last verification was altered" };
  const stored = await db().auditVerification.create({
    data: { verifiedAt: now, ok: head.ok, head, mac: headMac(head, key) },
    select: { id: true },
  });
  const log = logger().child({ component: "audit-verify", head });
  if (head.ok) log.info("audit chain verified");
  else log.error(`audit chain verification FAILED at entry ${head.firstBadId}: ${head.problem}`);
  // Admins are told when the chain breaks, not again at every run while it stays broken.
  if (!head.ok && previous.head?.ok !== false) await announce({ event: "audit.verification_failed", verificationId: stored.id.toString() });
  const e = env();
  if (e.KEYLESS_AUDIT_HEAD_S3_URI) {
    const mode = e.KEYLESS_AUDIT_HEAD_LOCK_MODE;
    const lock = mode ? { mode, until: new Date(now.getTime() + e.KEYLESS_AUDIT_HEAD_LOCK_DAYS * 86_400_000) } : undefined;
    await putJsonObject(e.KEYLESS_AUDIT_HEAD_S3_URI, head, lock);
  }
  return head;
}

/** For the audit page: the last verification's result (null before the first run). */
export async function lastVerification(caller: Caller): Promise<ChainHead | null> {
  await requirePermission(caller, "audit.read.all");
  const row = await db().auditVerification.findFirst({ orderBy: { id: "desc" }, select: { head: true } });
  return (row?.head as ChainHead | undefined) ?? null;
}
