import type { Catalog } from "@/lib/approvals/analysis/catalog";
import type { AnalysisContext, Grant } from "@/lib/approvals/analysis/grants";
import { isWideFor } from "@/lib/approvals/analysis/patterns";
import type { Risk } from "@/lib/approvals/risk-types";

// What every finding looks at (the grants, the request's account, the catalog) and the
// few phrases they share, so reasons read alike.

export type Reason = Risk["reasons"][number];

export type Facts = {
  grants: Map<string, Grant>;
  context: AnalysisContext;
  catalog: Catalog;
  /** The grant of an action ("iam:PassRole", any case), if allowed. */
  granted: (key: string) => Grant | undefined;
  /** Whether the grant covers every resource of the action's types (or those `only` keeps) in the account. */
  isWide: (grant: Grant, only?: (template: string) => boolean) => boolean;
};

export function makeFacts(grants: Map<string, Grant>, context: AnalysisContext, catalog: Catalog): Facts {
  const wide = new Map<string, boolean>();
  const wideFor = (pattern: string, template: string) => {
    const key = `${pattern}\n${template}`;
    let hit = wide.get(key);
    if (hit === undefined) wide.set(key, (hit = isWideFor(pattern, template, context.accountId)));
    return hit;
  };
  return {
    grants,
    context,
    catalog,
    granted: (key) => grants.get(catalog.byKey.get(key.toLowerCase())?.key ?? key),
    isWide: (grant, only = () => true) => {
      if (grant.patterns.has("*")) return true;
      const templates = grant.action.resourceArns.filter(only);
      return [...grant.patterns].some((p) => templates.some((t) => wideFor(p, t)));
    },
  };
}

export const count = (n: number) => n.toLocaleString("en-US");

/** "a, b and 3 more" */
export function list(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}` : (items[0] ?? "");
  return `${items.slice(0, max).join(", ")} and ${count(items.length - max)} more`;
}

/** "AdministratorAccess" for an AWS managed policy ARN, the source's own name otherwise. */
export function sourceLabel(source: string): string {
  const policy = /^arn:aws[\w-]*:iam::(aws|\d{12}):policy\/(?:.*\/)?([^/]+)$/.exec(source);
  return policy?.[2] ?? (source.startsWith("inline policy") ? `the ${source}` : source);
}

export function fromSources(grants: readonly Grant[]): string {
  const sources = [...new Set(grants.flatMap((g) => [...g.sources]))].map(sourceLabel);
  return sources.length ? ` (from ${list(sources, 2)})` : "";
}

export function resourcesOf(grants: readonly Grant[], max = 2): string {
  const patterns = [...new Set(grants.flatMap((g) => [...g.patterns]))];
  if (patterns.includes("*")) return "every resource";
  const everyArn = patterns.find((p) => /^arn(:\*|:aws:\*)$/.test(p));
  return everyArn ? `every resource (${everyArn})` : list(patterns, max);
}
