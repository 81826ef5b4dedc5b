import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AuditAction } from "@/lib/audit/actions";
import { auditRefusal, withAudit } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { listAuditActions, listAuditEvents } from "@/lib/audit/query";
import { makeUser } from "./helpers";

// The audit log's filters and keyset paging (lib/audit/page-sql.ts), on entries written
// through the real chain trigger. Plans at a moderate size: audit-plans.test.ts.

/** Names outside AUDIT_ACTIONS, unique to this run, so other files' entries match nothing. */
const run = randomUUID().slice(0, 8);
const act = (name: string) => `test.q${run}.${name}` as AuditAction;

type Entry = {
  action: AuditAction;
  outcome: "success" | "denied" | "failure";
  target?: { type: string; id: string };
  details?: Record<string, unknown>;
};
const recordAudit = (caller: UserCaller, e: Entry) =>
  e.outcome === "success"
    ? withAudit(caller, e.action, e.target, { details: e.details })
    : auditRefusal(caller, e.action, { ...e, outcome: e.outcome });

describe("audit log queries", () => {
  it("filters by actor, action (exact or prefix), target, outcome and time, alone and together", async () => {
    const admin = await makeUser("adam", ["aws-admins"]);
    const ann = await makeUser("ann", ["engineering"]);
    const bob = await makeUser("bob", ["engineering"]);
    const target = { type: "aws_role", id: `arn:aws:iam::111111111111:role/Q${run}` };
    await recordAudit(ann, { action: act("read"), outcome: "success", target });
    await recordAudit(ann, { action: act("write"), outcome: "denied" });
    const before = new Date();
    await new Promise((r) => setTimeout(r, 20));
    await recordAudit(bob, { action: act("read"), outcome: "failure", target });
    await recordAudit(bob, { action: act("write"), outcome: "success" });

    const find = async (q: Parameters<typeof listAuditEvents>[1]) =>
      (await listAuditEvents(admin, { ...q, action: q.action ?? `test.q${run}.` })).items.map(
        (e) => `${e.actorEmail === ann.email ? "ann" : "bob"} ${e.action.split(".").at(-1)} ${e.outcome}`,
      );

    expect(await find({})).toEqual(["bob write success", "bob read failure", "ann write denied", "ann read success"]);
    expect(await find({ actor: ann.email.toUpperCase() })).toEqual(["ann write denied", "ann read success"]);
    expect(await find({ actor: ann.email.slice(0, 5) })).toEqual([]); // exact, not "contains"
    expect(await find({ action: act("read") })).toEqual(["bob read failure", "ann read success"]);
    expect(await find({ target: target.id })).toEqual(["bob read failure", "ann read success"]);
    expect(await find({ outcome: "denied" })).toEqual(["ann write denied"]);
    expect(await find({ since: before })).toEqual(["bob write success", "bob read failure"]);
    expect(await find({ until: before })).toEqual(["ann write denied", "ann read success"]);
    expect(await find({ since: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(await find({ actor: bob.email, target: target.id, since: before })).toEqual(["bob read failure"]);
    expect(await find({ actor: ann.email, outcome: "success", until: before })).toEqual(["ann read success"]);
    expect(await find({ actor: bob.email, outcome: "denied" })).toEqual([]);

    // An engineer reads only their own entries, whatever the filters say.
    const own = await listAuditEvents(ann, { action: `test.q${run}.`, actor: bob.email });
    expect(own.items).toEqual([]);
    expect((await listAuditEvents(ann, { action: `test.q${run}.` })).items.map((e) => e.action)).toEqual([act("write"), act("read")]);
    expect(await listAuditActions(admin)).toEqual(expect.arrayContaining([act("read"), act("write")]));
  });

  it("pages with a keyset cursor: every entry once, newest first, with and without filters", async () => {
    const admin = await makeUser("adam", ["aws-admins"]);
    const carl = await makeUser("carl", ["engineering"]);
    for (let i = 0; i < 7; i++)
      await recordAudit(carl, { action: act(i % 2 ? "page.odd" : "page.even"), outcome: "success", details: { i } });

    const walk = async (q: Parameters<typeof listAuditEvents>[1]) => {
      const seen: number[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await listAuditEvents(admin, { ...q, limit: 2, cursor });
        seen.push(...page.items.map((e) => (e.details as { i: number }).i));
        if (!page.nextCursor) return { seen, pages: pages + 1 };
        cursor = page.nextCursor;
      }
      throw new Error("paging did not end");
    };
    expect(await walk({ action: `test.q${run}.page.` })).toEqual({ seen: [6, 5, 4, 3, 2, 1, 0], pages: 4 });
    expect(await walk({ action: `test.q${run}.page.`, actor: carl.email })).toEqual({ seen: [6, 5, 4, 3, 2, 1, 0], pages: 4 });
    expect(await walk({ action: act("page.even") })).toEqual({ seen: [6, 4, 2, 0], pages: 2 });
    expect(await walk({ action: act("page.odd"), actor: carl.email })).toEqual({ seen: [5, 3, 1], pages: 2 });
  });

  it("refuses a cursor that is not an entry id (a 4xx, not a failed query)", async () => {
    const admin = await makeUser("adam", ["aws-admins"]);
    await expect(listAuditEvents(admin, { cursor: "1 OR 1=1" })).rejects.toThrow(/cursor must be an entry id/);
    await expect(listAuditEvents(admin, { cursor: "99999999999999999999" })).rejects.toThrow(/cursor must be an entry id/);
  });
});
