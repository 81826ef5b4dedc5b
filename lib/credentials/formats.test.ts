import { describe, expect, it } from "vitest";
import { profileName, renderCredentials } from "@/lib/credentials/formats";

const c = { accessKeyId: "ASIAEXAMPLE", secretAccessKey: "se'cret", sessionToken: "tok$en`x", expiration: "2026-11-28T18:00:00.000Z" };
const opts = { profile: "sandbox-dev", region: "eu-west-1" };

describe("renderCredentials", () => {
  it("bash quotes values so the shell takes them literally", () => {
    expect(renderCredentials("bash", c, opts)).toContain(`export AWS_SECRET_ACCESS_KEY='se'\\''cret'`);
  });
  it("fish uses set -gx", () => {
    expect(renderCredentials("fish", c, opts)).toContain("set -gx AWS_ACCESS_KEY_ID 'ASIAEXAMPLE'");
  });
  it("PowerShell escapes $ and backticks", () => {
    expect(renderCredentials("powershell", c, opts)).toContain('$Env:AWS_SESSION_TOKEN = "tok`$en``x"');
  });
  it("credential_process JSON is what the AWS SDKs read", () => {
    expect(JSON.parse(renderCredentials("process", c, opts))).toEqual({
      Version: 1,
      AccessKeyId: "ASIAEXAMPLE",
      SecretAccessKey: "se'cret",
      SessionToken: "tok$en`x",
      Expiration: "2026-11-28T18:00:00.000Z",
    });
  });
  it("profile block names the profile", () => {
    expect(renderCredentials("profile", c, opts).split("\n")[0]).toBe("[sandbox-dev]");
  });
});

describe("profileName", () => {
  it("slugs account and role", () => {
    expect(profileName("Production EU", "ReadOnly/Team")).toBe("production-eu-readonly-team");
  });
});
