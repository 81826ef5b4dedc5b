import { catalog as loadCatalog, type Catalog } from "@/lib/approvals/analysis/catalog";
import type { Principal } from "@/lib/approvals/analysis/conditions";
import { countActions } from "@/lib/approvals/analysis/counts";
import { readPolicyDocument } from "@/lib/approvals/analysis/documents";
import { makeFacts, sourceLabel, type Reason } from "@/lib/approvals/analysis/facts";
import { adminFindings } from "@/lib/approvals/analysis/findings/admin";
import { baselineFindings } from "@/lib/approvals/analysis/findings/baseline";
import { crossAccountFindings } from "@/lib/approvals/analysis/findings/cross-account";
import { dataFindings } from "@/lib/approvals/analysis/findings/data";
import { escalationFindings } from "@/lib/approvals/analysis/findings/escalation";
import { policyShapeFindings } from "@/lib/approvals/analysis/findings/policy-shape";
import { computeGrants, type PolicySource } from "@/lib/approvals/analysis/grants";
import { RISK_LEVELS, type Risk, type RiskLevel } from "@/lib/approvals/risk-types";

// The analysis of a request's permissions: its policy documents (managed policies read from
// IAM, inline policies) → the Risk stored with the request. Pure apart from loading the
// catalog; the level is the highest finding's. A document that could not be read makes the
// request high, never silently low.

export type SourceInput = { source: string; document: unknown } | { source: string; error: string };
export type AnalysisInput = { accountId: string; principal: Principal; sources: SourceInput[]; now?: Date };

const rank = (level: RiskLevel) => RISK_LEVELS.indexOf(level);
const SUMMARY_CODES = new Set(["read-only", "write-access", "no-permissions"]);

export function analysePolicies(input: AnalysisInput, catalog: Catalog): Risk {
  const now = input.now ?? new Date();
  const readable: PolicySource[] = [];
  const sources: Risk["sources"] = [];
  const unreadable: Reason[] = [];
  for (const s of input.sources) {
    const read = "error" in s ? { ok: false as const, error: s.error } : readPolicyDocument(s.document);
    if (read.ok) {
      readable.push({ source: s.source, document: read.document });
      sources.push({ source: s.source, analysed: true });
      continue;
    }
    sources.push({ source: s.source, analysed: false, error: read.error });
    unreadable.push({
      code: "source-unreadable",
      level: "high",
      detail: `Could not read ${sourceLabel(s.source)} (${read.error}): treat it as dangerous until it can be checked.`,
    });
  }

  const context = { accountId: input.accountId, principal: input.principal, now };
  const result = computeGrants(readable, catalog, context);
  const facts = makeFacts(result.grants, context, catalog);
  const found = [
    ...unreadable,
    ...adminFindings(facts),
    ...escalationFindings(facts),
    ...dataFindings(facts),
    ...crossAccountFindings(facts),
    ...policyShapeFindings(result),
  ];
  // Most severe first; within a level, the plain summary (read-only, write access) leads.
  const baseline = baselineFindings(facts, found);
  const summary = baseline.filter((r) => SUMMARY_CODES.has(r.code));
  const reasons = [...summary, ...found, ...baseline.filter((r) => !summary.includes(r))].sort((a, b) => rank(b.level) - rank(a.level));
  const level = reasons.reduce<RiskLevel>((max, r) => (rank(r.level) > rank(max) ? r.level : max), "low");
  return { level, reasons, actions: countActions(result.grants), sources, analysedAt: now.toISOString() };
}

export async function analysePermissions(input: AnalysisInput): Promise<Risk> {
  return analysePolicies(input, await loadCatalog());
}
