import { count } from "@/lib/approvals/analysis/facts";
import { ACCESS_LEVELS, type Risk } from "@/lib/approvals/risk-types";

// The analysis in a few lines of plain text, for messages (Slack, email) that cannot show
// the request page's panel. No markup: the caller escapes for its medium.

export const LEVEL_LABEL = { low: "Low", medium: "Medium", high: "High", critical: "Critical" } as const;

export function riskSummaryLines(risk: Risk | null | undefined, maxReasons = 4): string[] {
  if (!risk) return ["Risk: not analysed yet. Treat it as dangerous until it is."];
  const lines = [`Risk: ${LEVEL_LABEL[risk.level]}`];
  for (const r of risk.reasons.slice(0, maxReasons)) lines.push(`${LEVEL_LABEL[r.level]}: ${r.detail}`);
  const more = risk.reasons.length - maxReasons;
  if (more > 0) lines.push(`…and ${more} more reason${more === 1 ? "" : "s"} on the request page.`);
  const { actions } = risk;
  if (actions.total > 0) {
    const levels = ACCESS_LEVELS.filter((l) => actions.byAccessLevel[l] > 0).map((l) => `${count(actions.byAccessLevel[l])} ${l}`);
    const services = actions.byService.slice(0, 3).map((s) => `${s.service} ${count(s.total)}`);
    const others = actions.byService.length - 3 + (actions.byServiceOmitted?.services ?? 0);
    lines.push(
      `Allows ${count(actions.total)} action${actions.total === 1 ? "" : "s"} (${levels.join(", ")}) in ${services.join(", ")}${others > 0 ? ` and ${count(others)} more service${others === 1 ? "" : "s"}` : ""}.`,
    );
  }
  return lines;
}
