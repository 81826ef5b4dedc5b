import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ActionMeta } from "@/lib/actions/action";
import { ACTIONS, actionKey } from "@/lib/actions/registry";
import { ruleBook } from "@/test/support/rule-book";
import { APP_ROOT, serverActionsInApp } from "@/test/support/server-actions";

// The action registry is what the security suite's access matrix reads to know which actions
// exist: an exported server action missing from it could skip the matrix. So every export of
// every "use server" file is registered once, is built with action() and declares there the
// permission registered here, which is the permission the rule book (docs/permissions.md) gives it.

describe("the action registry (lib/actions/registry.ts)", () => {
  it("lists every exported server action in app/, once, and nothing else", () => {
    const inApp = serverActionsInApp();
    expect(inApp.length, "the scan found the app's actions").toBeGreaterThan(20);
    const listed = ACTIONS.map(actionKey);
    expect(new Set(listed).size, "listed twice").toBe(listed.length);
    expect(
      inApp.filter((k) => !listed.includes(k)),
      "add these to ACTIONS in lib/actions/registry.ts",
    ).toEqual([]);
    expect(
      listed.filter((k) => !inApp.includes(k)),
      "registered, but no such export",
    ).toEqual([]);
  });

  // Imports every actions module: slow on a busy machine, hence the longer timeout.
  it("has each action built with action(), declaring the registered permission", { timeout: 120_000 }, async () => {
    const wrong: string[] = [];
    for (const entry of ACTIONS) {
      const mod = (await import(path.join(APP_ROOT, entry.file))) as Record<string, unknown>;
      const fn = mod[entry.name];
      const meta = typeof fn === "function" && "meta" in fn ? (fn.meta as ActionMeta) : undefined;
      if (!meta) wrong.push(`${actionKey(entry)}: not built with action() (lib/actions/action.ts)`);
      else if (meta.permission !== entry.permission)
        wrong.push(`${actionKey(entry)}: declares ${meta.permission}, registered as ${entry.permission}`);
    }
    expect(wrong).toEqual([]);
  });

  it("gives each action the permission the rule book gives it", () => {
    const book = ruleBook();
    const differ = ACTIONS.filter((a) => book.actions.get(actionKey(a)) !== a.permission).map(
      (a) => `${actionKey(a)}: registered ${a.permission}, rule book ${book.actions.get(actionKey(a)) ?? "(missing)"}`,
    );
    expect(differ).toEqual([]);
  });
});
