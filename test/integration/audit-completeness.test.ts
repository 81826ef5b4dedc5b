import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit/actions";
import { db } from "@/lib/db";
import { stopBoss } from "@/lib/jobs/boss";
import { accessCases } from "./audit-table/access";
import type { AuditTable, Expected } from "./audit-table/expect";
import { keyCases } from "./audit-table/keys";
import { peopleCases } from "./audit-table/people";
import { requestCases } from "./audit-table/requests";
import { retirementCases } from "./audit-table/retirement";

// Every action the audit log records (lib/audit/actions.ts, the only names recordAudit and
// withAudit accept) has a row in this table: how to cause it through the real DAL,
// refusals included, and the entries the log must then hold, by actor, action, outcome and
// target. The table is typed on the list, so an action added without its row fails
// typecheck; an action the sources record as "denied" must have its refusal caused here
// (checked against the sources); sign-in and sign-out need a browser, and the end-to-end
// spec named asserts their rows.

const TABLE: AuditTable = {
  ...accessCases,
  ...requestCases,
  ...keyCases,
  ...peopleCases,
  ...retirementCases,
  "integration.delete": { alongside: "integration.create" },
  "rotation.step": { alongside: "rotation.start" },
  "provisioning.step": { alongside: "provisioning.queue" },
  "grant.extend": { alongside: "grant.create" },
  "role_mapping.update": { alongside: "role_mapping.create" },
  "role_mapping.delete": { alongside: "role_mapping.create" },
  "approval_rule.update": { alongside: "approval_rule.create" },
  "approval_rule.delete": { alongside: "approval_rule.create" },
  "scim.group_update": { alongside: "scim.group_create" },
  "scim.group_delete": { alongside: "scim.group_create" },
  "scim.groups_leave": { alongside: "person.deprovision" },
};

/**
 * Actions the sources record with outcome "denied" (by literal name; the vending actions
 * pass theirs in): auditRefusal calls (denied unless they say "failure"), and entries
 * written as objects (`also`, a denial inside withAudit).
 */
function refusalsInSources(): string[] {
  const found = new Set<string>(["credentials.issue", "console.open"]);
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return name === "generated" ? [] : walk(full);
      return /\.tsx?$/.test(full) && !full.endsWith(".test.ts") ? [full] : [];
    });
  for (const file of [...walk("lib"), ...walk("app")]) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/action: "([a-z_.]+)",\s*outcome: "denied"/g)) found.add(m[1]!);
    for (const m of text.matchAll(/auditRefusal\([^;]*?,\s*"([a-z_.]+)",\s*\{\s*(outcome: "failure")?/g)) if (!m[2]) found.add(m[1]!);
    // A change refused under its transaction's lock returns outcome "denied" to its withAudit.
    if (text.includes('outcome: "denied" as const'))
      for (const m of text.matchAll(/withAudit(?:<[^(]*>)?\(\s*\w+,\s*"([a-z_.]+)"/g)) found.add(m[1]!);
  }
  return [...found].sort();
}

const shape = (e: Expected) =>
  `${e.action} ${e.outcome} by ${e.actor ?? "nobody"} on ${e.target ? `${e.target.type}:${e.target.id}` : "nothing"}`;

async function entriesAfter(id: bigint, actions: string[]): Promise<string[]> {
  const rows = await db().auditEvent.findMany({
    where: { id: { gt: id }, action: { in: actions } },
    select: { actorEmail: true, action: true, outcome: true, targetType: true, targetId: true },
  });
  return rows.map((r) =>
    shape({
      actor: r.actorEmail,
      action: r.action as AuditAction,
      outcome: r.outcome,
      target: r.targetType ? { type: r.targetType, id: r.targetId ?? "" } : null,
    }),
  );
}

/** action → the outcomes a case caused and found in the log. */
const asserted = new Map<string, Set<string>>();

afterAll(async () => {
  await stopBoss();
});

describe("every audited action has its entry in the log", () => {
  for (const action of AUDIT_ACTIONS) {
    const entry = TABLE[action];
    if ("alongside" in entry) continue;
    if ("e2e" in entry) {
      it(`${action}: asserted end to end by ${entry.e2e}`, () => {
        expect(existsSync(entry.e2e), entry.e2e).toBe(true);
        expect(readFileSync(entry.e2e, "utf8")).toContain(`"${action}"`);
        asserted.set(action, new Set(["e2e"]));
      });
      continue;
    }
    it(`${action}: ${entry.how}`, async () => {
      const before = (await db().auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
      const expected = await entry.cause();
      expect(expected.map((e) => e.action)).toContain(action);
      const found = await entriesAfter(before, [...new Set(expected.map((e) => e.action))]);
      for (const e of expected) {
        expect(found, `the log has no entry "${shape(e)}"`).toContain(shape(e));
        asserted.set(e.action, (asserted.get(e.action) ?? new Set()).add(e.outcome));
      }
    });
  }

  it("each action caused alongside another was found with it, and each refusal the sources audit was caused", () => {
    const unasserted = AUDIT_ACTIONS.filter((a) => !asserted.has(a));
    expect(unasserted, "actions no case found in the log").toEqual([]);
    const refusals = refusalsInSources().filter((a) => !asserted.get(a)?.has("e2e"));
    expect(
      refusals.filter((a) => !AUDIT_ACTIONS.includes(a as AuditAction)),
      "refused in the sources but not in AUDIT_ACTIONS",
    ).toEqual([]);
    expect(
      refusals.filter((a) => !asserted.get(a)?.has("denied")),
      "refusals the sources audit that no case caused",
    ).toEqual([]);
  });
});
