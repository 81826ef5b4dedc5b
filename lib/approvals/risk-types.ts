import { z } from "zod";

// What a policy analysis says about a request (SPEC capability 9): kept with the request
// (access_requests.risk), returned by the API as `risk`, shown wherever an approver decides.
// The analysis itself lives in lib/approvals/analysis/; this file is the contract between it
// and everything that shows or acts on it (decisions, Slack, email, the UI).

export const RISK_LEVELS = ["low", "medium", "high", "critical"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const ACCESS_LEVELS = ["List", "Read", "Write", "Permissions management", "Tagging"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

const byAccessLevel = z.object(
  Object.fromEntries(ACCESS_LEVELS.map((l) => [l, z.number().int().min(0)])) as Record<AccessLevel, z.ZodNumber>,
);

export const riskSchema = z.object({
  level: z.enum(RISK_LEVELS),
  /** Each finding in plain words; `code` is stable (e.g. "admin-equivalent", "privilege-escalation:iam:PassRole"). */
  reasons: z.array(z.object({ code: z.string(), detail: z.string(), level: z.enum(RISK_LEVELS) })),
  actions: z.object({
    /** Distinct actions the request allows, after expanding wildcards and NotAction. */
    total: z.number().int().min(0),
    byAccessLevel,
    byService: z.array(z.object({ service: z.string(), total: z.number().int().min(0), byAccessLevel })),
    /** Services left out of byService (it lists the largest first, up to a limit), summed. */
    byServiceOmitted: z.object({ services: z.number().int().min(0), total: z.number().int().min(0) }).optional(),
  }),
  /** What was analysed: each managed policy by ARN (its document read from IAM) and the inline policy. */
  sources: z.array(z.object({ source: z.string(), analysed: z.boolean(), error: z.string().optional() })),
  analysedAt: z.string(),
});
export type Risk = z.infer<typeof riskSchema>;

/** High and critical requests cannot be approved from Slack and need an admin or two approvers. */
export function needsCarefulApproval(level: RiskLevel | null | undefined): boolean {
  // Not yet analysed (or unreadable) counts as dangerous until shown otherwise.
  return level === undefined || level === null || level === "high" || level === "critical";
}
