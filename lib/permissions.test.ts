import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listOperations } from "@/lib/api/routes";
import { hasPermission, PERMISSIONS, ROLE_PERMISSIONS, ROLES, SYSTEM_PERMISSIONS } from "@/lib/permissions";
import { serverActionsInApp } from "@/test/support/server-actions";
import { parseRuleBook, RULE_BOOK_CALLERS, RULE_BOOK_PATH, ruleBook, type RuleBook, type RuleBookCaller } from "@/test/support/rule-book";

// lib/permissions.ts against the rule book written by hand (docs/permissions.md), cell by
// cell: a grant added to or dropped from either one fails here, naming the cell. The route
// list and the server actions in app/ must each be listed there once, with the same permission.

const book = ruleBook();

/** What lib/permissions.ts grants a column of the rule book. */
function codeGrants(caller: RuleBookCaller, permission: string): boolean {
  const p = permission as (typeof PERMISSIONS)[number];
  if (caller === "anonymous") return hasPermission([], p);
  if (caller === "system") return SYSTEM_PERMISSIONS.has(p);
  return ROLE_PERMISSIONS[caller].has(p);
}

/** Every cell where the rule book and lib/permissions.ts disagree, named. */
function differences(rules: RuleBook): string[] {
  const out: string[] = [];
  for (const permission of PERMISSIONS) {
    for (const caller of RULE_BOOK_CALLERS) {
      const written = rules.grants.get(permission)?.has(caller) ?? false;
      const granted = codeGrants(caller, permission);
      if (written !== granted)
        out.push(
          `${caller} × ${permission}: rule book says ${written ? "✓" : "–"}, lib/permissions.ts ${granted ? "grants it" : "does not grant it"}`,
        );
    }
  }
  return out;
}

describe("lib/permissions.ts follows the rule book (docs/permissions.md)", () => {
  it("has the same roles and the same permissions", () => {
    expect([...ROLES], "the roles of lib/permissions.ts are the rule book's person columns").toEqual(
      RULE_BOOK_CALLERS.filter((c) => c !== "anonymous" && c !== "system"),
    );
    const code = new Set<string>(PERMISSIONS);
    expect(
      PERMISSIONS.filter((p) => !book.grants.has(p)),
      "permissions of lib/permissions.ts missing from the rule book",
    ).toEqual([]);
    expect(
      book.permissions.filter((p) => !code.has(p)),
      "permissions of the rule book missing from lib/permissions.ts",
    ).toEqual([]);
  });

  it("grants every role exactly what the rule book says, cell by cell", () => {
    expect(differences(book)).toEqual([]);
  });

  it("fails naming the cell when the two disagree", () => {
    const text = readFileSync(RULE_BOOK_PATH, "utf8");
    const altered = parseRuleBook(editRow(text, "`rotations.run`", 3, "✓"));
    expect(differences(altered)).toEqual(["engineer × rotations.run: rule book says ✓, lib/permissions.ts does not grant it"]);
    expect(() => parseRuleBook(editRow(text, "`me.read`", 3, "yes"))).toThrow(/engineer × me\.read is "yes", not ✓ or –/);
    expect(() => parseRuleBook(editRow(text, "`GET /api/v1/me`", 1, "`me.reed`"))).toThrow(/"me\.reed" is no permission of the role table/);
  });
});

/** The rule book with one cell of the row starting with `first` replaced (column 0 is that first cell). */
function editRow(text: string, first: string, column: number, value: string): string {
  const lines = text.split("\n");
  const i = lines.findIndex((l) => l.split("|")[1]?.trim() === first);
  const cells = lines[i]!.split("|");
  cells[column + 1] = ` ${value} `;
  lines[i] = cells.join("|");
  return lines.join("\n");
}

describe("every API operation is in the rule book with the permission its route names", () => {
  it("matches the route list (lib/api/routes.ts) operation by operation", { timeout: 120_000 }, async () => {
    const differences: string[] = [];
    const seen = new Set<string>();
    for (const op of await listOperations()) {
      const key = `${op.method} ${op.path}`;
      if (!op.meta || op.meta.hidden) {
        // next-auth, metrics, Slack, SCIM and the catch-alls: their own callers, not roles.
        if (!book.outside.has(op.path)) differences.push(`${key}: not in the rule book's "Routes outside the role model"`);
        continue;
      }
      seen.add(key);
      const written = book.operations.get(key);
      if (written === undefined) differences.push(`${key}: missing from the rule book (route names ${op.meta.permission})`);
      else if (written !== op.meta.permission) differences.push(`${key}: rule book says ${written}, the route names ${op.meta.permission}`);
    }
    for (const key of book.operations.keys()) if (!seen.has(key)) differences.push(`${key}: in the rule book, but no route serves it`);
    expect(differences).toEqual([]);
  });
});

describe("every server action is in the rule book", () => {
  it("lists each exported action of app/, and nothing else", () => {
    const inApp = serverActionsInApp();
    expect(inApp.length, "the scan found the app's actions").toBeGreaterThan(20);
    expect(
      inApp.filter((k) => !book.actions.has(k)),
      "server actions missing from the rule book",
    ).toEqual([]);
    expect(
      [...book.actions.keys()].filter((k) => !inApp.includes(k)),
      "rule book actions that no longer exist",
    ).toEqual([]);
  });
});
