import pg from "pg";
import { describe, expect, it } from "vitest";
import { systemCaller } from "@/lib/auth/caller";
import type { AuditAction } from "@/lib/audit/actions";
import { auditSystemStep, withAudit } from "@/lib/audit/record";
import { listAuditEvents, verifyAuditChain } from "@/lib/audit/query";
import { ForbiddenError } from "@/lib/errors";
import { makeUser } from "./helpers";

/** The tables' owner (the app's own role may not even try: test/integration/db-roles.test.ts). */
async function asOwner(sql: string): Promise<void> {
  const owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
  await owner.connect();
  try {
    await owner.query(sql);
  } finally {
    await owner.end();
  }
}
const tamper = (outcome: string) =>
  asOwner(`BEGIN;
    ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete;
    UPDATE audit_events SET outcome = '${outcome}' WHERE action = 'test.tamper';
    ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete;
    COMMIT;`);

/** Names outside AUDIT_ACTIONS, so these entries about the log itself match nothing real. */
const testAction = (name: `test.${string}`) => name as AuditAction;

describe("audit log", () => {
  it("chains concurrent appends in one verifiable order", async () => {
    const actor = systemCaller("test");
    await Promise.all(Array.from({ length: 40 }, (_, i) => withAudit(actor, testAction("test.concurrent"), undefined, { details: { i } })));
    const admin = await makeUser("adam", ["aws-admins"]);
    const result = await verifyAuditChain(admin);
    expect(result.firstBadId).toBeNull();
    expect(result.checked).toBeGreaterThanOrEqual(40);
  });

  it("refuses UPDATE, DELETE and TRUNCATE, even to the owner", async () => {
    await auditSystemStep(systemCaller("test"), { action: testAction("test.immutable"), outcome: "success" });
    await expect(asOwner("UPDATE audit_events SET action = 'x'")).rejects.toThrow(/append-only/);
    await expect(asOwner("DELETE FROM audit_events")).rejects.toThrow(/append-only/);
    // Refused by the trigger, or first by audit_macs' foreign key: either way, nothing is removed.
    await expect(asOwner("TRUNCATE audit_events")).rejects.toThrow(/append-only|referenced in a foreign key/);
    await expect(asOwner("UPDATE audit_macs SET mac = 'x'")).rejects.toThrow(/append-only/);
  });

  it("detects an entry altered behind the triggers' back", async () => {
    const admin = await makeUser("adam", ["aws-admins"]);
    await withAudit(admin, testAction("test.tamper"), undefined, {});
    // Simulate a tamper by the owner, who disabled the triggers for one statement.
    await tamper("failure");
    const result = await verifyAuditChain(admin);
    expect(result.firstBadId).not.toBeNull();
    // Put it back so later tests see an intact chain.
    await tamper("success");
    expect((await verifyAuditChain(admin)).firstBadId).toBeNull();
  });

  it("shows engineers only their own entries, admins everything", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    await withAudit(alice, testAction("test.mine"), undefined, {});
    await withAudit(mona, testAction("test.mine"), undefined, {});
    const own = await listAuditEvents(alice, { action: "test.mine" });
    expect(own.items.every((e) => e.actorEmail === alice.email)).toBe(true);
    expect(own.items).toHaveLength(1);
    const admin = await makeUser("adam", ["aws-admins"]);
    expect((await listAuditEvents(admin, { action: "test.mine" })).items.length).toBeGreaterThanOrEqual(2);
    await expect(verifyAuditChain(alice)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
