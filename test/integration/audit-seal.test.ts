import { GetObjectCommand, HeadObjectCommand, CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { AuditAction } from "@/lib/audit/actions";
import { lastVerification, verifyAndPublish } from "@/lib/audit/head";
import { withAudit } from "@/lib/audit/record";
import { auditKey } from "@/lib/audit/seal";
import { verifyChain } from "@/lib/audit/verify";
import { resetEnvForTests } from "@/lib/env";
import { makeUser, motoUrl } from "./helpers";

// The keyed seal (ADR 017) against the attack the SHA chain alone cannot stop: the database
// owner turns the triggers off, rewrites an entry and recomputes the chain for every later
// entry with the database's own keyless_audit_digest. The database then calls its chain
// intact; the app's verification, which holds the key, names the rewritten entry.

const testAction = (name: `test.${string}`) => name as AuditAction;
const ownerUrl = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL ?? "";

async function asOwner<T>(fn: (owner: pg.Client) => Promise<T>): Promise<T> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query("BEGIN");
    return await fn(owner);
  } finally {
    // Rolled back: the rewrite never reaches the other tests.
    await owner.query("ROLLBACK");
    await owner.end();
  }
}

/** The owner's rewrite: triggers off, one entry changed, the SHA chain recomputed after it. */
async function rewrite(owner: pg.Client, id: string, disable: "trigger" | "replica") {
  if (disable === "trigger") await owner.query("ALTER TABLE audit_events DISABLE TRIGGER USER");
  else await owner.query("SET LOCAL session_replication_role = replica");
  await owner.query("UPDATE audit_events SET outcome = 'failure' WHERE id = $1", [id]);
  const { rows } = await owner.query<{ id: string; prev_hash: string }>(
    "SELECT id, prev_hash FROM audit_events WHERE id >= $1 ORDER BY id",
    [id],
  );
  let prev = rows[0]!.prev_hash;
  for (const row of rows) {
    await owner.query("UPDATE audit_events SET prev_hash = $2 WHERE id = $1", [row.id, prev]);
    const { rows: hashed } = await owner.query<{ hash: string }>(
      "UPDATE audit_events e SET hash = keyless_audit_digest(e) WHERE e.id = $1 RETURNING hash",
      [row.id],
    );
    prev = hashed[0]!.hash;
  }
}

const query =
  (client: pg.Client) =>
  async <R>(text: string, values: unknown[]) =>
    (await client.query(text, values)).rows as R[];

describe("audit seal", () => {
  afterEach(() => {
    delete process.env.KEYLESS_AUDIT_HEAD_S3_URI;
    delete process.env.KEYLESS_AUDIT_HEAD_LOCK_MODE;
    resetEnvForTests();
  });

  for (const disable of ["replica", "trigger"] as const) {
    it(`detects an owner's rewrite with the chain recomputed (triggers off by ${disable})`, async () => {
      expect(auditKey()).not.toBeNull();
      const admin = await makeUser("adam", ["aws-admins"]);
      await withAudit(admin, testAction("test.sealed"), undefined, { details: { n: 1 } });
      await withAudit(admin, testAction("test.sealed"), undefined, { details: { n: 2 } });
      await withAudit(admin, testAction("test.sealed"), undefined, { details: { n: 3 } });
      await asOwner(async (owner) => {
        const { rows } = await owner.query<{ id: string }>(
          "SELECT id FROM audit_events WHERE action = 'test.sealed' ORDER BY id DESC OFFSET 2 LIMIT 1",
        );
        const target = rows[0]!.id;
        expect((await verifyChain(query(owner), auditKey(), null)).ok).toBe(true);
        await rewrite(owner, target, disable);
        // The database's own check is fooled: the SHA chain is consistent again.
        const { rows: db } = await owner.query<{ first_bad_id: string | null }>("SELECT first_bad_id FROM keyless_audit_verify()");
        expect(db[0]!.first_bad_id).toBeNull();
        const result = await verifyChain(query(owner), auditKey(), null);
        expect(result).toMatchObject({ ok: false, firstBadId: target });
        expect(result.problem).toMatch(/seal does not match/);
      });
    });
  }

  it("publishes the verified head to S3 (object-locked) and keeps it for the audit page", async () => {
    const s3 = new S3Client({ region: "us-east-1", endpoint: motoUrl, forcePathStyle: true });
    const bucket = `audit-head-${Date.now()}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    process.env.KEYLESS_AUDIT_HEAD_S3_URI = `s3://${bucket}/keyless/audit-head.json`;
    process.env.KEYLESS_AUDIT_HEAD_LOCK_MODE = "GOVERNANCE";
    resetEnvForTests();
    const head = await verifyAndPublish();
    expect(head).toMatchObject({ ok: true, firstBadId: null, sealed: true });
    expect(head.count).toBeGreaterThan(0);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "keyless/audit-head.json" }));
    expect(JSON.parse(await object.Body!.transformToString())).toEqual(head);
    const meta = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "keyless/audit-head.json" }));
    expect(meta.ObjectLockMode).toBe("GOVERNANCE");
    expect(meta.ObjectLockRetainUntilDate!.getTime()).toBeGreaterThan(Date.now() + 364 * 86_400_000);
    expect(await lastVerification(await makeUser("adam", ["aws-admins"]))).toEqual(head);
  });
});
