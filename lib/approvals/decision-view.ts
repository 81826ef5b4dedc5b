import "server-only";
import { approvalNeed, confirmationText } from "@/lib/approvals/approval-policy";
import type { RequestView } from "@/lib/approvals/requests";
import type { RiskLevel } from "@/lib/approvals/risk-types";
import { env } from "@/lib/env";

/** What the decision form shows: whether the request needs careful approval, who approved so far, and what to type. */
export type DecisionView = {
  careful: boolean;
  explain: string;
  /** What the approver types to confirm (careful requests only). */
  confirmText: string | null;
  approvals: { by: string; at: string; asAdmin: boolean }[];
  approvedByMe: boolean;
};

export function decisionView(request: RequestView, callerId: string): DecisionView {
  const level = (request.riskLevel ?? null) as RiskLevel | null;
  const given = request.approvals.map((a) => ({ userId: a.user.id, asAdmin: a.asAdmin }));
  const need = approvalNeed(level, given, env().KEYLESS_HIGH_RISK_APPROVAL);
  return {
    careful: need.careful,
    explain: need.explain,
    confirmText: need.careful ? confirmationText(request) : null,
    approvals: request.approvals.map((a) => ({ by: a.user.name ?? a.user.email, at: a.at.toISOString(), asAdmin: a.asAdmin })),
    approvedByMe: request.approvals.some((a) => a.user.id === callerId),
  };
}
