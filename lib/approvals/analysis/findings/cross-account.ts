import { changesThings } from "@/lib/approvals/analysis/access-levels";
import { fromSources, list, type Facts, type Reason } from "@/lib/approvals/analysis/facts";
import type { Grant } from "@/lib/approvals/analysis/grants";
import { arnParts } from "@/lib/approvals/analysis/patterns";

// Resources in another AWS account than the request's: access that reaches past the account
// the approver thinks about. Medium for reading there, high for changing anything (or
// assuming a role) there.

export function crossAccountFindings(facts: Facts): Reason[] {
  const foreign = new Map<string, { grants: Grant[]; patterns: Set<string> }>();
  for (const grant of facts.grants.values()) {
    for (const pattern of grant.patterns) {
      const account = arnParts(pattern)?.account ?? "";
      if (!/^\d{12}$/.test(account) || account === facts.context.accountId) continue;
      let entry = foreign.get(account);
      if (!entry) foreign.set(account, (entry = { grants: [], patterns: new Set() }));
      if (!entry.grants.includes(grant)) entry.grants.push(grant);
      entry.patterns.add(pattern);
    }
  }
  if (foreign.size === 0) return [];
  const grants = [...new Set([...foreign.values()].flatMap((f) => f.grants))];
  const changes = grants.some((g) => changesThings(g.level));
  return [
    {
      code: "cross-account",
      level: changes ? "high" : "medium",
      detail:
        `Reaches into ${foreign.size === 1 ? "another AWS account" : "other AWS accounts"}, ${list([...foreign.keys()])}, ` +
        `not this request's ${facts.context.accountId}: ${list(grants.map((g) => g.action.key))} on ` +
        `${list([...new Set([...foreign.values()].flatMap((f) => [...f.patterns]))], 2)}${fromSources(grants)}.`,
    },
  ];
}
