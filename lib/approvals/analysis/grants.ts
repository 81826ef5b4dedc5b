import { moreChanging, READ_ONLY_WHEN } from "@/lib/approvals/analysis/access-levels";
import type { Catalog, CatalogAction } from "@/lib/approvals/analysis/catalog";
import { judgeConditions, type ConditionVerdict, type Principal } from "@/lib/approvals/analysis/conditions";
import type { PolicyDocument } from "@/lib/approvals/analysis/documents";
import { expandActions, expandNotActions } from "@/lib/approvals/analysis/expand";
import { covers, overlaps } from "@/lib/approvals/analysis/patterns";
import type { AccessLevel } from "@/lib/approvals/risk-types";

// Policy documents → what they grant: for each action, the Resource patterns it is allowed
// on. Only Allow statements grant. A Deny subtracts only what it denies for sure: no
// condition that could fail, and a Resource that covers the whole allowed pattern. Allows
// with conditions still count (they grant whenever the condition holds): the approver is
// shown the worst case, and the conditions in the policy text.

export type PolicySource = { source: string; document: PolicyDocument };
export type AnalysisContext = { accountId: string; principal: Principal; now: Date };

/** One allowed action: where, from which sources, whether only under conditions, and its access level there. */
export type Grant = { action: CatalogAction; patterns: Set<string>; sources: Set<string>; conditional: boolean; level: AccessLevel };
export type StatementRef = { source: string; index: number };

export type GrantResult = {
  grants: Map<string, Grant>;
  unknownActions: (StatementRef & { pattern: string })[];
  ineffectiveConditions: (StatementRef & ConditionVerdict)[];
  notResource: (StatementRef & { patterns: string[] })[];
};

function applicability() {
  const cache = new Map<string, boolean>();
  return (pattern: string, action: CatalogAction): boolean => {
    if (pattern === "*") return true;
    // Actions without resource types accept only Resource "*".
    return action.resourceArns.some((template) => {
      const key = `${pattern}\n${template}`;
      let hit = cache.get(key);
      if (hit === undefined) cache.set(key, (hit = overlaps(pattern, template)));
      return hit;
    });
  };
}

/** The action's level under this statement: some actions are read-only when a condition pins them to it. */
function levelIn(action: CatalogAction, condition: Record<string, Record<string, string[]>> | undefined): AccessLevel {
  const pin = READ_ONLY_WHEN[action.key];
  if (!pin) return action.accessLevel;
  const values = Object.entries(condition?.StringEquals ?? {}).find(([k]) => k.toLowerCase() === pin.key.toLowerCase())?.[1];
  return values?.length && values.every((v) => v === pin.value) ? "Read" : action.accessLevel;
}

export function computeGrants(sources: readonly PolicySource[], catalog: Catalog, context: AnalysisContext): GrantResult {
  const result: GrantResult = { grants: new Map(), unknownActions: [], ineffectiveConditions: [], notResource: [] };
  const applies = applicability();
  const denies: { actions: Set<CatalogAction>; resources: string[] }[] = [];

  for (const { source, document } of sources) {
    document.Statement.forEach((s, index) => {
      const ref = { source, index: index + 1 };
      const expansion = s.Action ? expandActions(s.Action, catalog) : expandNotActions(s.NotAction ?? [], catalog);
      for (const pattern of expansion.unknown) result.unknownActions.push({ ...ref, pattern });
      const verdicts = judgeConditions(s.Condition, expansion.actions, context);
      const loose = verdicts.filter((v) => v.verdict !== "constrains");
      if (s.Effect === "Deny") {
        // Only a Deny that always applies, to named resources, is subtracted.
        if (s.Resource && verdicts.every((v) => v.verdict === "always")) denies.push({ actions: expansion.actions, resources: s.Resource });
        return;
      }
      for (const v of loose) result.ineffectiveConditions.push({ ...ref, ...v });
      const conditional = verdicts.some((v) => v.verdict === "constrains");
      // NotResource: everything except some resources. Counted as everything (worst case).
      if (s.NotResource) result.notResource.push({ ...ref, patterns: s.NotResource });
      const resources = s.Resource ?? ["*"];
      for (const action of expansion.actions) {
        const on = resources.filter((p) => applies(p, action));
        if (on.length === 0) continue;
        const level = levelIn(action, s.Condition);
        const grant = result.grants.get(action.key);
        if (!grant) {
          result.grants.set(action.key, { action, patterns: new Set(on), sources: new Set([source]), conditional, level });
          continue;
        }
        for (const p of on) grant.patterns.add(p);
        grant.sources.add(source);
        grant.conditional &&= conditional;
        grant.level = moreChanging(grant.level, level);
      }
    });
  }

  for (const deny of denies) {
    for (const action of deny.actions) {
      const grant = result.grants.get(action.key);
      if (!grant) continue;
      for (const p of [...grant.patterns]) if (deny.resources.some((q) => covers(q, p))) grant.patterns.delete(p);
      if (grant.patterns.size === 0) result.grants.delete(action.key);
    }
  }
  return result;
}
