import { describe, expect, it } from "vitest";
import { ACCESS_STATE_LABEL, accessState, adminMayReactivate } from "@/lib/people/status";

describe("a person's access state", () => {
  it("says who ended it, which decides who may restore it", () => {
    expect(ACCESS_STATE_LABEL[accessState("active", null)]).toBe("Active");
    expect(ACCESS_STATE_LABEL[accessState("suspended", "admin")]).toBe("Suspended by admin");
    expect(ACCESS_STATE_LABEL[accessState("suspended", "scim")]).toBe("Deactivated by IdP (SCIM)");
    expect(ACCESS_STATE_LABEL[accessState("suspended", "idp")]).toBe("Refused by IdP");
    expect(ACCESS_STATE_LABEL[accessState("deprovisioned", "scim")]).toBe("Deprovisioned");
    // An unattributed suspension is an admin's: the safest reading.
    expect(accessState("suspended", null)).toBe("suspended-admin");
  });

  it("offers Reactivate only for an admin's suspension", () => {
    expect(adminMayReactivate("suspended", "admin")).toBe(true);
    expect(adminMayReactivate("suspended", "scim")).toBe(false);
    expect(adminMayReactivate("suspended", "idp")).toBe(false);
    expect(adminMayReactivate("deprovisioned", "admin")).toBe(false);
    expect(adminMayReactivate("active", null)).toBe(false);
  });
});
