import { describe, expect, it } from "vitest";
import { dockerBridge } from "./serve.js";

describe("dockerBridge", () => {
  it("finds docker0's address and tells its subnet's peers from others", () => {
    const bridge = dockerBridge({
      lo: [{ address: "127.0.0.1", netmask: "255.0.0.0", family: "IPv4", mac: "00:00:00:00:00:00", internal: true, cidr: "127.0.0.1/8" }],
      docker0: [
        { address: "172.17.0.1", netmask: "255.255.0.0", family: "IPv4", mac: "02:42:00:00:00:00", internal: false, cidr: "172.17.0.1/16" },
      ],
    });
    expect(bridge?.address).toBe("172.17.0.1");
    expect(bridge?.inSubnet("172.17.0.2")).toBe(true);
    expect(bridge?.inSubnet("::ffff:172.17.255.9")).toBe(true);
    expect(bridge?.inSubnet("172.18.0.2")).toBe(false);
    expect(bridge?.inSubnet("192.0.2.2")).toBe(false);
    expect(bridge?.inSubnet("fe80::1")).toBe(false);
  });

  it("is null without a docker0 bridge", () => {
    expect(dockerBridge({})).toBeNull();
  });
});
