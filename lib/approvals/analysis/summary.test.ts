import { describe, expect, it } from "vitest";
import { riskSummaryLines } from "@/lib/approvals/analysis/summary";
import type { Risk } from "@/lib/approvals/risk-types";

const levels = { List: 1, Read: 2, Write: 3, "Permissions management": 0, Tagging: 0 };
const risk: Risk = {
  level: "critical",
  reasons: [
    { code: "admin-equivalent", level: "critical", detail: "Full administrator access." },
    { code: "a", level: "high", detail: "Second." },
    { code: "b", level: "high", detail: "Third." },
  ],
  actions: {
    total: 6,
    byAccessLevel: levels,
    byService: [
      { service: "s3", total: 4, byAccessLevel: levels },
      { service: "iam", total: 2, byAccessLevel: levels },
    ],
  },
  sources: [],
  analysedAt: "2026-12-08T10:00:00.000Z",
};

describe("riskSummaryLines", () => {
  it("says the level, the first reasons, how many more, and the counts", () => {
    expect(riskSummaryLines(risk, 2)).toEqual([
      "Risk: Critical",
      "Critical: Full administrator access.",
      "High: Second.",
      "…and 1 more reason on the request page.",
      "Allows 6 actions (1 List, 2 Read, 3 Write) in s3 4, iam 2.",
    ]);
  });

  it("a request not analysed yet is to be treated as dangerous", () => {
    expect(riskSummaryLines(null)).toEqual(["Risk: not analysed yet. Treat it as dangerous until it is."]);
  });
});
