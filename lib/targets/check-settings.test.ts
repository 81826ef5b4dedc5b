import { beforeEach, describe, expect, it, vi } from "vitest";
import { ValidationError } from "@/lib/errors";
import type { Resolver, TargetNetworkPolicy } from "@/lib/net/target-policy";
import { checkTargetSettings } from "./check-settings";

// Saving a target's settings: the connector's schema checks their form, the address policy
// says where they may point, and its reason is the one the person sees (never a plain "use
// https" for an address that https would not make acceptable).

let policy: TargetNetworkPolicy = { allowInsecure: false, allowlist: [] };
vi.mock("./network-policy", () => ({ targetNetworkPolicy: () => policy }));

const dns: Resolver = async (host) => {
  const table: Record<string, string[]> = {
    "api.github.com": ["140.82.112.6"],
    "hooks.example.com": ["93.184.215.14"],
    "rebound.example.com": ["140.82.112.6", "10.0.0.7"],
    localhost: ["127.0.0.1"],
  };
  const answer = table[host];
  if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return answer;
};

async function refused(type: Parameters<typeof checkTargetSettings>[0], raw: unknown) {
  const error = await checkTargetSettings(type, raw, dns).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, JSON.stringify(raw)).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues;
}

beforeEach(() => {
  policy = { allowInsecure: false, allowlist: [] };
});

describe("checkTargetSettings", () => {
  it("names the real reason for a metadata or private address, whatever the scheme", async () => {
    for (const url of ["http://169.254.169.254/latest/meta-data/", "https://169.254.169.254/latest/meta-data/"]) {
      expect(await refused("webhook", { url })).toEqual([
        { path: "targetSettings.url", message: "169.254.169.254 is a cloud metadata service, which is never a target" },
      ]);
    }
    expect((await refused("webhook", { url: "http://10.1.2.3/hook" }))[0]?.message).toMatch(/private network address/);
  });

  it("refuses plain http to a public host, and to this machine outside the sandbox", async () => {
    const https = /must use https/;
    expect((await refused("github", { owner: "a", repo: "b", apiUrl: "http://api.github.com" }))[0]).toEqual({
      path: "targetSettings.apiUrl",
      message: expect.stringMatching(https) as string,
    });
    expect((await refused("webhook", { url: "http://localhost:4200/hook" }))[0]?.message).toMatch(https);
    policy = { allowInsecure: true, allowlist: [] };
    await expect(checkTargetSettings("webhook", { url: "http://localhost:4200/hook" }, dns)).resolves.toMatchObject({
      url: "http://localhost:4200/hook",
    });
    expect((await refused("webhook", { url: "http://hooks.example.com/x" }))[0]?.message).toMatch(https);
  });

  it("checks every URL field and every address a name resolves to", async () => {
    const issues = await refused("webhook", { url: "https://hooks.example.com/x", healthUrl: "https://rebound.example.com/h" });
    expect(issues).toEqual([
      { path: "targetSettings.healthUrl", message: expect.stringMatching(/resolves to a private network/) as string },
    ]);
  });

  it("keeps the allowlist, and lets a name that does not resolve yet be saved (each connection checks again)", async () => {
    policy = { allowInsecure: false, allowlist: [".example.com"] };
    expect((await refused("github", { owner: "a", repo: "b", apiUrl: "https://api.github.com" }))[0]?.message).toMatch(
      /not in the allowed target hosts/,
    );
    await expect(checkTargetSettings("webhook", { url: "https://not-yet.example.com/x" }, dns)).resolves.toBeDefined();
  });

  it("reports the connector's own refusals under targetSettings", async () => {
    expect(await refused("webhook", { url: "https://user:pw@hooks.example.com/x" })).toEqual([
      { path: "targetSettings.url", message: "must not contain credentials; use the token field" },
    ]);
  });
});
