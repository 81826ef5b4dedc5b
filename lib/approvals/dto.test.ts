import { describe, expect, it } from "vitest";
import { requestDtoSchema, storedRisk, toRequestDto } from "@/lib/approvals/dto";
import type { RequestView } from "@/lib/approvals/requests";
import type { Risk } from "@/lib/approvals/risk-types";

const levels = { List: 0, Read: 0, Write: 1, "Permissions management": 0, Tagging: 0 };
const risk: Risk = {
  level: "medium",
  reasons: [{ code: "write-access", level: "medium", detail: "Can change things: 1 write action (s3:PutObject)." }],
  actions: { total: 1, byAccessLevel: levels, byService: [{ service: "s3", total: 1, byAccessLevel: levels }] },
  sources: [{ source: "inline policy", analysed: true }],
  analysedAt: "2026-12-08T10:00:00.000Z",
};

const request: RequestView = {
  id: "req1",
  kind: "EXTERNAL_ACCESS",
  status: "PENDING",
  justification: "CI publishes build artifacts",
  createdAt: new Date("2026-12-08T10:00:00Z"),
  expiresAt: new Date("2026-12-09T10:00:00Z"),
  decidedAt: null,
  decisionComment: null,
  durationSeconds: null,
  serviceName: "CI",
  targetType: "webhook",
  targetSettings: { url: "https://example.com" },
  managedPolicyArns: [],
  inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::a/*"] }] },
  ownerEmail: "alice@example.com",
  rotationIntervalDays: 30,
  provisioning: null,
  integrationId: null,
  risk,
  riskLevel: "medium",
  requester: { id: "u1", email: "alice@example.com", name: "Alice", groups: ["engineering"] },
  decidedBy: null,
  awsRole: null,
  account: { id: "a1", accountId: "111111111111", name: "Sandbox" },
  grants: [],
  approvals: [],
};

describe("the API's request object", () => {
  it("carries the analysis as `risk`, and its schema keeps every field toRequestDto sets (none silently dropped)", () => {
    const dto = toRequestDto(request);
    expect(dto.risk).toEqual(risk);
    expect(requestDtoSchema.parse(dto)).toEqual(dto);
  });

  it("says null for a request not analysed yet, or whose stored analysis is not one", () => {
    expect(toRequestDto({ ...request, risk: null }).risk).toBeNull();
    expect(storedRisk({ level: "nope" })).toBeNull();
  });
});
