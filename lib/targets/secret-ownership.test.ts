import { describe, expect, it } from "vitest";
import { managingIntegration, ownershipTags, secretOwnership } from "./secret-ownership";

describe("which Secrets Manager secrets Keyless may write", () => {
  const mine = ownershipTags({ integrationId: "int_1" });

  it("writes a secret it created or adopted for this integration", () => {
    expect(secretOwnership(mine, { integrationId: "int_1" })).toBe("ours");
    expect(secretOwnership({ ...mine, "keyless:adopted-by": "adam@example.com", team: "x" }, { integrationId: "int_1" })).toBe("ours");
  });

  it("writes a secret created for the request being provisioned, and then for its integration", () => {
    const forRequest = ownershipTags({ requestId: "req_1" });
    expect(secretOwnership(forRequest, { requestId: "req_1" })).toBe("ours");
    expect(secretOwnership(forRequest, { requestId: "req_2" })).toBe("foreign");
    const registered = ownershipTags({ integrationId: "int_9", requestId: "req_1" });
    expect(secretOwnership(registered, { integrationId: "int_9" })).toBe("ours");
    expect(secretOwnership(registered, { requestId: "req_1" })).toBe("ours"); // a retried provisioning
  });

  it("refuses anyone else's secret: untagged, another integration's, tags that only look alike", () => {
    expect(secretOwnership({}, { integrationId: "int_1" })).toBe("foreign");
    expect(secretOwnership({}, { requestId: "req_1" })).toBe("foreign");
    expect(secretOwnership(ownershipTags({ integrationId: "int_2" }), { integrationId: "int_1" })).toBe("foreign");
    expect(secretOwnership({ "keyless:managed": "yes", "keyless:integration": "int_1" }, { integrationId: "int_1" })).toBe("foreign");
    expect(secretOwnership({ "keyless:integration": "int_1" }, { integrationId: "int_1" })).toBe("foreign");
    expect(secretOwnership({ "keyless:managed": "true" }, { integrationId: "int_1" })).toBe("foreign");
  });

  it("lets an integration claim a secret an earlier Keyless created, but never a request", () => {
    expect(secretOwnership({ "managed-by": "keyless" }, { integrationId: "int_1" })).toBe("legacy");
    expect(secretOwnership({ "managed-by": "keyless" }, { requestId: "req_1" })).toBe("foreign");
  });

  it("names the integration that manages a secret", () => {
    expect(managingIntegration(mine)).toBe("int_1");
    expect(managingIntegration({ "keyless:integration": "int_1" })).toBeNull();
  });
});
