import "server-only";
import { z } from "zod";
import { withAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { requireUserPermission } from "@/lib/auth/guard";
import { setAccessKeyStatus } from "@/lib/aws/iam-keys";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { keyRetirementDeleteJob } from "@/lib/jobs/definitions/key-retirement-delete";
import { cancelJob, enqueue } from "@/lib/jobs/enqueue";
import { lockReadyKey } from "@/lib/retirement/ready";

// Retiring a person's key: deactivate it in AWS now, delete it after N days (the job in
// delete.ts), undo while it is only deactivated. The AWS call runs inside the audited
// transaction, under the key's row lock: a double submit waits, then finds the key no
// longer ready; a failed AWS call rolls back and is audited as a failure.

export const retireInputSchema = z.object({
  accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, "not an access key id"),
  days: z.coerce.number().int().min(1).max(365).optional(),
});
export const undoInputSchema = z.object({ retirementId: z.string().regex(/^[a-z0-9]{8,64}$/, "not a retirement id") });

const DAY_MS = 86_400_000;

/** Marks the inventory row at once, so the page and the burn-down show the change before the next sync. */
async function recordStatus(tx: Tx, keyRowId: string, from: "ACTIVE" | "INACTIVE", to: "ACTIVE" | "INACTIVE"): Promise<void> {
  await tx.accessKey.update({ where: { id: keyRowId }, data: { status: to } });
  await tx.accessKeyEvent.create({ data: { accessKeyId: keyRowId, kind: "status_changed", from, to } });
}

export async function retireKey(caller: Caller, input: unknown): Promise<{ retirementId: string; deleteAfter: string }> {
  const person = await requireUserPermission(caller, "keys.retire");
  const parsed = retireInputSchema.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, "The retirement");
  const days = parsed.data.days ?? env().KEYLESS_RETIRE_DELETE_AFTER_DAYS;
  const target = { type: "access_key", id: parsed.data.accessKeyId };
  const retirement = await withAudit(person, "key.retire", target, async (tx) => {
    const key = await lockReadyKey(tx, parsed.data.accessKeyId);
    if (!key)
      throw new ConflictError(
        "This key is not ready to retire: it is not a person's own active key, its owner has not used Keyless for its account since its last use, or it is being retired already.",
      );
    await setAccessKeyStatus({ accountId: key.accountId, userName: key.userName }, key.accessKeyId, "Inactive");
    const now = new Date();
    await recordStatus(tx, key.keyRowId, "ACTIVE", "INACTIVE");
    const row = await tx.keyRetirement.create({
      data: {
        accessKeyId: key.keyRowId,
        evidence: key.evidence,
        requestedBy: person.email,
        deactivatedAt: now,
        deleteAfter: new Date(now.getTime() + days * DAY_MS),
      },
      select: { id: true, deleteAfter: true },
    });
    return { value: row, details: { owner: key.owner, evidence: key.evidence, deleteAfterDays: days, retirementId: row.id } };
  });
  const jobId = await enqueue(
    keyRetirementDeleteJob,
    { retirementId: retirement.id },
    { startAfter: retirement.deleteAfter, singletonKey: retirement.id },
  );
  if (jobId) await db().keyRetirement.update({ where: { id: retirement.id }, data: { jobId } });
  return { retirementId: retirement.id, deleteAfter: retirement.deleteAfter.toISOString() };
}

export async function undoRetirement(caller: Caller, input: unknown): Promise<void> {
  const person = await requireUserPermission(caller, "keys.retire");
  const parsed = undoInputSchema.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, "The undo");
  const { retirementId } = parsed.data;
  const jobId = await withAudit(person, "key.retire_undo", { type: "key_retirement", id: retirementId }, async (tx) => {
    // The row lock orders undo against the deletion job, which takes the same lock.
    const [r] = await tx.$queryRaw<{ status: string; job_id: string | null; key_row_id: string }[]>`
      SELECT status, job_id, access_key_id AS key_row_id FROM key_retirements WHERE id = ${retirementId} FOR UPDATE`;
    if (!r) throw new NotFoundError("The retirement");
    if (r.status !== "scheduled")
      throw new ConflictError(`This retirement is ${r.status}: only a key that is deactivated and not yet deleted can be restored.`);
    const key = await tx.accessKey.findUniqueOrThrow({
      where: { id: r.key_row_id },
      select: { id: true, accessKeyId: true, accountId: true, userName: true },
    });
    await setAccessKeyStatus({ accountId: key.accountId, userName: key.userName }, key.accessKeyId, "Active");
    await recordStatus(tx, key.id, "INACTIVE", "ACTIVE");
    await tx.keyRetirement.update({
      where: { id: retirementId },
      data: { status: "undone", finishedAt: new Date(), outcome: `undone by ${person.email}` },
    });
    return { value: r.job_id, target: { type: "access_key", id: key.accessKeyId }, details: { retirementId } };
  });
  // The job would find the retirement undone and do nothing; cancelling keeps the queue tidy.
  if (jobId) await cancelJob(keyRetirementDeleteJob, jobId).catch(() => undefined);
}

export type Retirement = {
  id: string;
  accessKeyId: string;
  userName: string;
  accountId: string;
  accountName: string;
  owner: string | null;
  status: string;
  evidence: string;
  requestedBy: string;
  deactivatedAt: string;
  deleteAfter: string;
  finishedAt: string | null;
  outcome: string | null;
};

/** Pending retirements, and those finished in the last 30 days. */
export async function listRetirements(caller: Caller): Promise<Retirement[]> {
  await requireUserPermission(caller, "keys.read.all");
  const rows = await db().keyRetirement.findMany({
    where: { OR: [{ status: "scheduled" }, { finishedAt: { gte: new Date(Date.now() - 30 * DAY_MS) } }] },
    orderBy: [{ deleteAfter: "asc" }],
    take: 200,
    select: {
      id: true,
      status: true,
      evidence: true,
      requestedBy: true,
      deactivatedAt: true,
      deleteAfter: true,
      finishedAt: true,
      outcome: true,
      key: { select: { accessKeyId: true, userName: true, accountId: true, owner: true, account: { select: { name: true } } } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    accessKeyId: r.key.accessKeyId,
    userName: r.key.userName,
    accountId: r.key.accountId,
    accountName: r.key.account.name,
    owner: r.key.owner,
    status: r.status,
    evidence: r.evidence,
    requestedBy: r.requestedBy,
    deactivatedAt: r.deactivatedAt.toISOString(),
    deleteAfter: r.deleteAfter.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    outcome: r.outcome,
  }));
}
