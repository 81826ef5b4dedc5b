import { describe, expect, it } from "vitest";
import { applyProfiles, BEGIN_MARKER, END_MARKER, profilesOutsideBlock, type Profile } from "./aws-config.js";

const userConfig = `[default]
region = eu-west-1
output = json

# my own profile, hand-written
[profile work]
role_arn = arn:aws:iam::123456789012:role/Work
source_profile = default
   region=us-east-2   ; odd spacing kept

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
`;

const profiles: Profile[] = [
  {
    name: "keyless-sandbox-sandboxdeveloper",
    credentialProcess: "keyless credentials --role 111111111111/SandboxDeveloper",
    region: "us-east-1",
  },
  { name: "keyless-production-productionreadonly", credentialProcess: "keyless credentials --role 222222222222/ProductionReadOnly" },
];

describe("applyProfiles", () => {
  it("appends Keyless's block and keeps everything else byte for byte", () => {
    const out = applyProfiles(userConfig, profiles);
    expect(out.startsWith(userConfig)).toBe(true);
    const block = out.slice(userConfig.length);
    expect(block).toBe(
      [
        "",
        BEGIN_MARKER,
        "[profile keyless-sandbox-sandboxdeveloper]",
        "credential_process = keyless credentials --role 111111111111/SandboxDeveloper",
        "region = us-east-1",
        "",
        "[profile keyless-production-productionreadonly]",
        "credential_process = keyless credentials --role 222222222222/ProductionReadOnly",
        "",
        END_MARKER,
        "",
      ].join("\n"),
    );
  });

  it("replaces its block in place on the next run, leaving what is around it alone", () => {
    const first = applyProfiles(userConfig, profiles);
    const withMore = `${first}\n[profile after]\nregion = ap-south-1\n`;
    const second = applyProfiles(withMore, [profiles[0]!]);
    expect(second).not.toContain("ProductionReadOnly");
    expect(second.startsWith(userConfig)).toBe(true);
    expect(second.endsWith(`${END_MARKER}\n\n[profile after]\nregion = ap-south-1\n`)).toBe(true);
    // Running again with the same roles changes nothing.
    expect(applyProfiles(second, [profiles[0]!])).toBe(second);
  });

  it("removes its block and gives back the original file", () => {
    expect(applyProfiles(applyProfiles(userConfig, profiles), null)).toBe(userConfig);
    expect(applyProfiles(userConfig, null)).toBe(userConfig);
  });

  it("creates the file's content when there is none", () => {
    expect(applyProfiles("", profiles).startsWith(BEGIN_MARKER)).toBe(true);
  });

  it("adds a line break to a file that lacks a final one, and keeps Windows line endings", () => {
    expect(applyProfiles("[default]\nregion = x", profiles).startsWith("[default]\nregion = x\n\n# >>> keyless")).toBe(true);
    const crlf = "[default]\r\nregion = x\r\n";
    const out = applyProfiles(crlf, profiles);
    expect(out.startsWith(crlf)).toBe(true);
    expect(out.slice(crlf.length).split("\r\n").length).toBeGreaterThan(5);
    expect(out.slice(crlf.length).replace(/\r\n/g, "")).not.toContain("\n");
  });
});

describe("profilesOutsideBlock", () => {
  it("lists hand-written profiles, not Keyless's own", () => {
    const text = applyProfiles(`${userConfig}[profile keyless-sandbox-sandboxdeveloper]\nregion = x\n`, profiles);
    const names = profilesOutsideBlock(text);
    expect([...names].sort()).toEqual(["default", "keyless-sandbox-sandboxdeveloper", "work"]);
    expect(profilesOutsideBlock(applyProfiles(userConfig, profiles)).has("keyless-production-productionreadonly")).toBe(false);
  });
});
