import { describe, expect, it } from "vitest";
import { systemCaller } from "@/lib/auth/caller";
import type { AuditAction } from "@/lib/audit/actions";
import { auditSystemStep, withAudit } from "@/lib/audit/record";
import { listAuditEvents, verifyAuditChain } from "@/lib/audit/query";
import { db } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";
import { makeUser } from "./helpers";

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

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    await auditSystemStep(systemCaller("test"), { action: testAction("test.immutable"), outcome: "success" });
    await expect(db().$executeRawUnsafe("UPDATE audit_events SET action = 'x'")).rejects.toThrow(/append-only/);
    await expect(db().$executeRawUnsafe("DELETE FROM audit_events")).rejects.toThrow(/append-only/);
    // Refused by the trigger, or first by audit_macs' foreign key: either way, nothing is removed.
    await expect(db().$executeRawUnsafe("TRUNCATE audit_events")).rejects.toThrow(/append-only|referenced in a foreign key/);
    await expect(db().$executeRawUnsafe("UPDATE audit_macs SET mac = 'x'")).rejects.toThrow(/append-only/);
  });

  it("detects an entry altered behind the triggers' back", async () => {
    const admin = await makeUser("adam", ["aws-admins"]);
    await withAudit(admin, testAction("test.tamper"), undefined, {});
    // Simulate a tamper by a superuser who disabled the triggers for one statement.
    await db().$transaction([
      db().$executeRawUnsafe("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete"),
      db().$executeRawUnsafe("UPDATE audit_events SET outcome = 'failure' WHERE action = 'test.tamper'"),
      db().$executeRawUnsafe("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete"),
    ]);
    const result = await verifyAuditChain(admin);
    expect(result.firstBadId).not.toBeNull();
    // Put it back so later tests see an intact chain.
    await db().$transaction([
      db().$executeRawUnsafe("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete"),
      db().$executeRawUnsafe("UPDATE audit_events SET outcome = 'success' WHERE action = 'test.tamper'"),
      db().$executeRawUnsafe("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete"),
    ]);
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
