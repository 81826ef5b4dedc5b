import { describe, expect, it } from "vitest";
import { approverGroupsFor, canDecide, type Rule } from "@/lib/approvals/rules";

const rules: Rule[] = [
  { requesterGroup: "*", kind: null, approverGroups: ["eng-managers"] },
  { requesterGroup: "data", kind: "EXTERNAL_ACCESS", approverGroups: ["data-leads"] },
];
const alice = { userId: "alice", groups: ["engineering"], roles: ["engineer"] as const };
const request = { requesterId: "alice", requesterGroups: ["engineering"], kind: "ROLE_ACCESS" as const };

describe("canDecide", () => {
  it("lets a manager in a matching approver group decide", () => {
    expect(canDecide({ userId: "mona", groups: ["engineering", "eng-managers"], roles: ["engineer", "manager"] }, request, rules)).toEqual({
      ok: true,
      via: "rule",
    });
  });
  it("never lets someone decide their own request, admin or not", () => {
    const r = canDecide(
      { userId: "alice", groups: ["eng-managers", "aws-admins"], roles: ["engineer", "manager", "admin"] },
      request,
      rules,
    );
    expect(r.ok).toBe(false);
  });
  it("refuses engineers, and managers outside the rule's groups", () => {
    expect(canDecide(alice, { ...request, requesterId: "bob" }, rules).ok).toBe(false);
    expect(canDecide({ userId: "lee", groups: ["sales-managers"], roles: ["engineer", "manager"] }, request, [rules[1]!]).ok).toBe(false);
  });
  it("falls back to admins", () => {
    expect(canDecide({ userId: "adam", groups: ["aws-admins"], roles: ["engineer", "admin"] }, request, [])).toEqual({
      ok: true,
      via: "admin",
    });
  });
  it("matches rules by requester group and kind", () => {
    const data = { requesterId: "dana", requesterGroups: ["data"], kind: "EXTERNAL_ACCESS" as const };
    expect(approverGroupsFor(data, rules).sort()).toEqual(["data-leads", "eng-managers"]);
    expect(approverGroupsFor({ ...data, kind: "ROLE_ACCESS" }, rules)).toEqual(["eng-managers"]);
  });
});
