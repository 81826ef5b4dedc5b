import { describe, expect, it } from "vitest";
import { riskSummaryLines } from "@/lib/approvals/risk-summary";
import type { Risk } from "@/lib/approvals/risk-types";

const zero = { List: 0, Read: 0, Write: 0, "Permissions management": 0, Tagging: 0 };

describe("riskSummaryLines", () => {
  it("leads with the level, the worst reasons first, then what the permissions add up to", () => {
    const risk: Risk = {
      level: "critical",
      reasons: [
        { code: "wildcard-data", detail: "Any S3 bucket", level: "high" },
        { code: "admin-equivalent", detail: "Everything on everything", level: "critical" },
      ],
      actions: {
        total: 12345,
        byAccessLevel: { ...zero, Read: 12000, "Permissions management": 345 },
        byService: [
          { service: "s3", total: 100, byAccessLevel: zero },
          { service: "iam", total: 245, byAccessLevel: zero },
        ],
      },
      sources: [],
      analysedAt: "2026-12-06T00:00:00Z",
    };
    expect(riskSummaryLines(risk)).toEqual([
      "Risk: CRITICAL",
      "• Everything on everything",
      "• Any S3 bucket",
      "Permissions: 12,345 actions (Read 12,000 · Permissions management 345)",
      "Services: iam 245, s3 100",
    ]);
  });
  it("says when a request was not analysed, and that it counts as dangerous", () => {
    expect(riskSummaryLines(null)[0]).toMatch(/not analysed yet .*careful approval/);
  });
});
