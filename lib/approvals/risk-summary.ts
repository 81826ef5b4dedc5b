import { ACCESS_LEVELS, type Risk } from "@/lib/approvals/risk-types";

// The policy analysis in a few plain lines, for messages an approver reads outside Keyless
// (Slack, email): the level, the main reasons, and what the permissions add up to. Pure.

const LEVEL_WORD = { low: "Low", medium: "Medium", high: "HIGH", critical: "CRITICAL" } as const;

const count = (n: number) => n.toLocaleString("en-US");

export function riskSummaryLines(risk: Risk | null, maxReasons = 4): string[] {
  if (!risk) return ["Risk: not analysed yet (treated as high: it needs careful approval)."];
  const lines = [`Risk: ${LEVEL_WORD[risk.level]}`];
  const reasons = [...risk.reasons].sort((a, b) => rank(b.level) - rank(a.level));
  for (const r of reasons.slice(0, maxReasons)) lines.push(`• ${r.detail}`);
  if (reasons.length > maxReasons) lines.push(`• …and ${reasons.length - maxReasons} more (see the request).`);
  const levels = ACCESS_LEVELS.filter((l) => risk.actions.byAccessLevel[l] > 0).map((l) => `${l} ${count(risk.actions.byAccessLevel[l])}`);
  lines.push(
    `Permissions: ${count(risk.actions.total)} action${risk.actions.total === 1 ? "" : "s"}${levels.length ? ` (${levels.join(" · ")})` : ""}`,
  );
  const services = [...risk.actions.byService].sort((a, b) => b.total - a.total).slice(0, 5);
  if (services.length)
    lines.push(
      `Services: ${services.map((s) => `${s.service} ${count(s.total)}`).join(", ")}${risk.actions.byService.length > 5 ? ", …" : ""}`,
    );
  return lines;
}

function rank(level: Risk["level"]): number {
  return ["low", "medium", "high", "critical"].indexOf(level);
}
