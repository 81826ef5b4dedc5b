import { describe, expect, it } from "vitest";
import { classifyAddress } from "@/lib/net/ip-ranges";
import { checkTargetUrl, hostAllowListed, type Resolver, type TargetNetworkPolicy } from "@/lib/net/target-policy";

const production: TargetNetworkPolicy = { allowInsecure: false, allowlist: [] };
const sandbox: TargetNetworkPolicy = { allowInsecure: true, allowlist: [] };

/** A DNS stub: the answers a name gets, as a resolver an attacker controls could give them. */
const dns =
  (table: Record<string, string[]>): Resolver =>
  async (host) => {
    const answer = table[host];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return answer;
  };
const publicDns = dns({ "api.github.com": ["140.82.112.6"], "gitlab.example.com": ["203.0.114.10", "2606:4700::6810:84e5"] });

const verdict = async (url: string, policy = production, resolve: Resolver = publicDns) =>
  (await checkTargetUrl(url, policy, resolve))?.code ?? "ok";

describe("address kinds", () => {
  it.each([
    ["140.82.112.6", "public"],
    ["8.8.8.8", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["169.254.169.254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["168.63.129.16", "metadata"],
    ["169.254.1.1", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["192.0.2.10", "reserved"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["::", "unspecified"],
    ["fd00:ec2::254", "metadata"],
    ["FD00:EC2:0::254", "metadata"],
    ["fd12:3456::1", "private"],
    ["fe80::1%eth0", "link-local"],
    ["ff02::1", "multicast"],
    ["::ffff:169.254.169.254", "metadata"],
    ["::ffff:a9fe:a9fe", "metadata"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:127.0.0.1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["2002:a9fe:a9fe::1", "metadata"],
    ["2002:0a00:0001::1", "private"],
    ["::127.0.0.1", "reserved"],
    ["2001:db8::1", "reserved"],
    ["2606:4700::6810:84e5", "public"],
  ])("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it("is null for something that is not an address", () => {
    expect(classifyAddress("example.com")).toBeNull();
    expect(classifyAddress("999.1.1.1")).toBeNull();
  });
});

describe("target URLs", () => {
  it("allows https to public hosts and refuses plain http outside the sandbox", async () => {
    expect(await verdict("https://api.github.com")).toBe("ok");
    expect(await verdict("https://gitlab.example.com/api/v4")).toBe("ok");
    expect(await verdict("http://api.github.com")).toBe("insecure");
    expect(await verdict("ftp://api.github.com")).toBe("scheme");
    expect(await verdict("https://user:pw@api.github.com")).toBe("credentials");
  });

  it("allows loopback (http or https) only with the sandbox flag, and plain http only there", async () => {
    const local = dns({ localhost: ["127.0.0.1", "::1"] });
    expect(await verdict("http://127.0.0.1:4200/github", production, local)).toBe("loopback");
    expect(await verdict("http://localhost:4200/github", production, local)).toBe("insecure");
    expect(await verdict("https://localhost:4200", production, local)).toBe("loopback");
    expect(await verdict("https://[::1]:4200", production, local)).toBe("loopback");
    expect(await verdict("http://127.0.0.1:4200/github", sandbox, local)).toBe("ok");
    expect(await verdict("http://localhost:4200/github", sandbox, local)).toBe("ok");
    expect(await verdict("http://[::1]:4200/github", sandbox, local)).toBe("ok");
    // The flag allows http to this machine only, never to the network.
    expect(await verdict("http://api.github.com", sandbox)).toBe("insecure");
    expect(await verdict("http://10.0.0.5", sandbox)).toBe("private");
  });

  it("never allows the metadata service or link-local addresses, in any spelling, flag or allowlist", async () => {
    const everything: TargetNetworkPolicy = { allowInsecure: true, allowlist: ["169.254.169.254", "[fd00:ec2::254]", "metadata.internal"] };
    for (const url of [
      "https://169.254.169.254/latest/meta-data/",
      "http://169.254.169.254/latest/meta-data/",
      "https://[fd00:ec2::254]/latest/",
      "https://[::ffff:169.254.169.254]/",
      "https://2852039166/", // the decimal spelling: the URL parser makes it 169.254.169.254
      "https://0xa9.0xfe.0xa9.0xfe/",
    ]) {
      expect(await verdict(url, everything), url).toBe("metadata");
      expect(await verdict(url), url).not.toBe("ok");
    }
    expect(await verdict("https://169.254.169.254/")).toBe("metadata");
    const named = dns({ "metadata.internal": ["169.254.169.254"], "printer.lan": ["169.254.7.7"] });
    expect(await verdict("https://metadata.internal", everything, named)).toBe("metadata");
    expect(await verdict("https://printer.lan", production, named)).toBe("link-local");
    expect(await verdict("https://0.0.0.0:443/")).toBe("unspecified");
  });

  it("refuses private ranges unless the host is allow-listed", async () => {
    const internal = dns({ "gitlab.corp.example": ["10.20.0.5"], "ci.corp.example": ["fd12::5"] });
    expect(await verdict("https://gitlab.corp.example", production, internal)).toBe("private");
    expect(await verdict("https://ci.corp.example", production, internal)).toBe("private");
    expect(await verdict("https://192.168.0.10", production, internal)).toBe("private");
    const listed: TargetNetworkPolicy = { allowInsecure: false, allowlist: [".corp.example"] };
    expect(await verdict("https://gitlab.corp.example", listed, internal)).toBe("ok");
    expect(await verdict("https://ci.corp.example", listed, internal)).toBe("ok");
    // Listing a host does not open plain http, nor other private hosts.
    expect(await verdict("http://gitlab.corp.example", listed, internal)).toBe("insecure");
  });

  it("with an allowlist, refuses every host it does not list", async () => {
    const policy: TargetNetworkPolicy = { allowInsecure: false, allowlist: ["api.github.com", "*.example.com"] };
    expect(await verdict("https://api.github.com", policy)).toBe("ok");
    expect(await verdict("https://gitlab.example.com/api/v4", policy)).toBe("ok");
    expect(await verdict("https://evil.example", policy, dns({ "evil.example": ["198.51.99.1"] }))).toBe("not-allowlisted");
    expect(await verdict("https://example.com.evil.example", policy)).toBe("not-allowlisted");
    expect(await verdict("https://notexample.com", policy)).toBe("not-allowlisted");
  });

  it("judges every address a name resolves to: one bad answer refuses the host", async () => {
    const mixed = dns({ "rebind.example": ["140.82.112.6", "127.0.0.1"], "v6.example": ["2606:4700::1", "fe80::1"] });
    expect(await verdict("https://rebind.example", production, mixed)).toBe("loopback");
    expect(await verdict("https://v6.example", production, mixed)).toBe("link-local");
  });

  it("refuses a name that does not resolve, and a URL that is not one", async () => {
    expect(await verdict("https://nowhere.invalid")).toBe("unresolvable");
    expect(await verdict("not a url")).toBe("scheme");
  });

  it("says why in words a person can act on", async () => {
    const internal = dns({ "gitlab.corp.example": ["10.20.0.5"] });
    expect((await checkTargetUrl("https://gitlab.corp.example", production, internal))?.message).toBe(
      "gitlab.corp.example resolves to a private network address: list the host in KEYLESS_TARGET_HOST_ALLOWLIST to allow it",
    );
    expect((await checkTargetUrl("https://169.254.169.254/", production, internal))?.message).toBe(
      "169.254.169.254 is a cloud metadata service, which is never a target",
    );
  });
});

describe("the allowlist's entries", () => {
  it("match a host exactly, or any subdomain of a suffix", () => {
    expect(hostAllowListed("api.github.com", ["API.GitHub.com"])).toBe(true);
    expect(hostAllowListed("api.github.com.", ["api.github.com"])).toBe(true);
    expect(hostAllowListed("x.api.github.com", ["api.github.com"])).toBe(false);
    expect(hostAllowListed("a.b.example.com", [".example.com"])).toBe(true);
    expect(hostAllowListed("a.example.com", ["*.example.com"])).toBe(true);
    expect(hostAllowListed("example.com", ["*.example.com"])).toBe(false);
    expect(hostAllowListed("badexample.com", ["*.example.com"])).toBe(false);
    expect(hostAllowListed("[::1]", ["::1"])).toBe(true);
  });
});
