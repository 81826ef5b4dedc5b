import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseDuration } from "./duration.js";
import { credentialProcessJson, detectShell, envExports } from "./formats.js";
import { keylessProfileName } from "./profiles.js";
import { VERSION } from "./version.js";

const creds = {
  accessKeyId: "ASIAEXAMPLE",
  secretAccessKey: "se'cret/+=",
  sessionToken: "tok$en`x",
  expiration: "2026-11-28T13:00:00.000Z",
};

describe("credential formats", () => {
  it("prints credential_process JSON, version 1", () => {
    expect(JSON.parse(credentialProcessJson(creds))).toEqual({
      Version: 1,
      AccessKeyId: "ASIAEXAMPLE",
      SecretAccessKey: "se'cret/+=",
      SessionToken: "tok$en`x",
      Expiration: "2026-11-28T13:00:00.000Z",
    });
  });

  it("quotes values safely for each shell", () => {
    const bash = envExports("bash", creds, { label: "x" });
    expect(bash).toContain(`export AWS_SECRET_ACCESS_KEY='se'\\''cret/+='`);
    expect(bash).toContain(`export AWS_SESSION_TOKEN='tok$en\`x'`);
    expect(bash).toContain("export AWS_CREDENTIAL_EXPIRATION='2026-11-28T13:00:00.000Z'");
    expect(envExports("fish", creds, { label: "x", region: "eu-west-1" })).toContain(
      `set -gx AWS_SECRET_ACCESS_KEY 'se\\'cret/+='\nset -gx AWS_SESSION_TOKEN 'tok$en\`x'`,
    );
    expect(envExports("fish", creds, { label: "x", region: "eu-west-1" })).toContain("set -gx AWS_REGION 'eu-west-1'");
    expect(envExports("powershell", creds, { label: "x" })).toContain(`$Env:AWS_SECRET_ACCESS_KEY = 'se''cret/+='`);
  });

  it("guesses the shell from $SHELL", () => {
    expect(detectShell({ SHELL: "/usr/bin/fish" }, "linux")).toBe("fish");
    expect(detectShell({ SHELL: "/bin/zsh" }, "darwin")).toBe("zsh");
    expect(detectShell({ SHELL: "/usr/local/bin/pwsh" }, "linux")).toBe("powershell");
    expect(detectShell({}, "win32")).toBe("powershell");
    expect(detectShell({}, "linux")).toBe("bash");
  });
});

describe("durations and names", () => {
  it("parses durations people type", () => {
    expect(parseDuration("3600")).toBe(3600);
    expect(parseDuration("90m")).toBe(5400);
    expect(parseDuration("1h30m")).toBe(5400);
    expect(parseDuration("12h")).toBe(43200);
    expect(parseDuration("soon")).toBeNull();
    expect(parseDuration("")).toBeNull();
  });

  it("names profiles keyless-<account>-<role>", () => {
    expect(keylessProfileName({ accountId: "111111111111", accountName: "Sandbox", roleName: "SandboxDeveloper" })).toBe(
      "keyless-sandbox-sandboxdeveloper",
    );
    expect(keylessProfileName({ accountId: "111111111111", accountName: "Data & ML", roleName: "Read_Only" })).toBe(
      "keyless-data-ml-read-only",
    );
  });

  it("knows its own version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
