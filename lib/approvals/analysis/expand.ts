import type { Catalog, CatalogAction } from "@/lib/approvals/analysis/catalog";
import { actionMatcher } from "@/lib/approvals/analysis/patterns";

// Action patterns → the actions they name, against the catalog. A pattern that names no
// known action is returned as unknown: it grants nothing today, but the analysis cannot
// tell what it is (a typo, or an action newer than the dataset).

export type Expansion = { actions: Set<CatalogAction>; unknown: string[] };

function candidates(pattern: string, catalog: Catalog): CatalogAction[] {
  const colon = pattern.indexOf(":");
  const service = colon < 0 ? "" : pattern.slice(0, colon).toLowerCase();
  if (service && !/[*?]/.test(service)) return catalog.byService.get(service) ?? [];
  return catalog.actions;
}

export function expandActions(patterns: readonly string[], catalog: Catalog): Expansion {
  const actions = new Set<CatalogAction>();
  const unknown: string[] = [];
  for (const pattern of patterns) {
    if (pattern === "*") {
      for (const a of catalog.actions) actions.add(a);
      continue;
    }
    const matcher = actionMatcher(pattern);
    let matched = 0;
    for (const a of candidates(pattern, catalog)) {
      if (!matcher.test(a.key)) continue;
      actions.add(a);
      matched++;
    }
    if (matched === 0) unknown.push(pattern);
  }
  return { actions, unknown };
}

/** NotAction: every action in the catalog except those the patterns name. */
export function expandNotActions(patterns: readonly string[], catalog: Catalog): Expansion {
  const excluded = expandActions(patterns, catalog);
  return { actions: new Set(catalog.actions.filter((a) => !excluded.actions.has(a))), unknown: excluded.unknown };
}
