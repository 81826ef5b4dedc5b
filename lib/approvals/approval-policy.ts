import { needsCarefulApproval, type RiskLevel } from "@/lib/approvals/risk-types";

// How many approvals a request needs before it is approved. Low and medium risk: one
// eligible approver. High and critical (and requests not analysed yet): an admin, or two
// different approvers, as KEYLESS_HIGH_RISK_APPROVAL says. Pure, for decide.ts and the UI.

export const HIGH_RISK_POLICIES = ["admin-or-two", "admin", "two"] as const;
export type HighRiskPolicy = (typeof HIGH_RISK_POLICIES)[number];

export type GivenApproval = { userId: string; asAdmin: boolean };

export type ApprovalNeed = { careful: boolean; complete: boolean; have: number; explain: string };

export function approvalNeed(
  level: RiskLevel | null | undefined,
  approvals: readonly GivenApproval[],
  policy: HighRiskPolicy,
): ApprovalNeed {
  const distinct = [...new Map(approvals.map((a) => [a.userId, a])).values()];
  const have = distinct.length;
  const byAdmin = distinct.some((a) => a.asAdmin);
  if (!needsCarefulApproval(level)) return { careful: false, complete: have >= 1, have, explain: "One approver decides." };
  const why = level === "critical" ? "Critical risk" : level === "high" ? "High risk" : "Not analysed yet";
  switch (policy) {
    case "admin":
      return { careful: true, complete: byAdmin, have, explain: `${why}: an admin must approve.` };
    case "two":
      return { careful: true, complete: have >= 2, have, explain: `${why}: two different approvers must approve.` };
    case "admin-or-two":
      return {
        careful: true,
        complete: byAdmin || have >= 2,
        have,
        explain: `${why}: an admin, or two different approvers, must approve.`,
      };
  }
}

/** What an approver must type to confirm a high-risk approval: the name of what is granted. */
export function confirmationText(request: { serviceName: string | null; awsRole: { roleName: string } | null }): string {
  return request.serviceName ?? request.awsRole?.roleName ?? "approve";
}

/** Confirmation typed as shown, ignoring case and surrounding space. */
export function confirms(typed: string | undefined, expected: string): boolean {
  return (typed ?? "").trim().toLowerCase() === expected.trim().toLowerCase();
}
