import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AwsRole } from "../api-types.js";
import { envKeyCheck, fileKeyChecks } from "./keys.js";
import { profileChecks, splitCommand } from "./profiles.js";

// The checks that read this machine's files, on files in a temporary HOME.

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
let home: string;
const file = (rel: string, text: string, mode = 0o600) => {
  const p = path.join(home, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text, { mode });
  chmodSync(p, mode);
  return p;
};
const read = (p: string) => readFileSync(p, "utf8");
const role = (accountId: string, accountName: string, roleName: string, requiresApproval = false): AwsRole => ({
  id: roleName,
  accountId,
  accountName,
  roleName,
  roleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
  maxDurationSeconds: 3600,
  requiresApproval,
});

beforeEach(() => (home = mkdtempSync(path.join(tmpdir(), "keyless-doctor-"))));
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe("leftover long-lived keys", () => {
  it("fails for each AKIA key without a session token, naming the profile and never the secret", () => {
    const p = file(
      ".aws/credentials",
      `[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}\n\n` +
        `[temporary]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\naws_session_token = y\n\n` +
        `[old-ci]\n# a comment\naws_access_key_id=AKIAI44QH8DHBEXAMPLE\naws_secret_access_key=${SECRET}\n`,
    );
    const checks = fileKeyChecks(read(p), p, "see https://keyless.example.com/migrate");
    expect(checks.map((c) => [c.status, c.message])).toEqual([
      ["fail", `Profile [default] in ${p} holds a long-lived access key (AKIA…MPLE).`],
      ["fail", `Profile [old-ci] in ${p} holds a long-lived access key (AKIA…MPLE).`],
    ]);
    expect(checks[1]?.fix).toBe(
      `Run \`keyless configure\`, point what uses [old-ci] at a keyless-… profile, then delete the [old-ci] block from ${p} and deactivate the key (see https://keyless.example.com/migrate).`,
    );
    expect(JSON.stringify(checks)).not.toContain(SECRET);
    expect(JSON.stringify(checks)).not.toContain("AKIAIOSFODNN7EXAMPLE");
  });

  it("passes for temporary credentials only, and for no file", () => {
    const p = file(".aws/credentials", "[t]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\naws_session_token = y\n");
    expect(fileKeyChecks(read(p), p, "")).toEqual([{ area: "Access keys", status: "ok", message: `No long-lived access key in ${p}.` }]);
    expect(fileKeyChecks(null, p, "")[0]?.status).toBe("ok");
  });

  it("fails for an AKIA key in the environment, not for temporary ones", () => {
    const check = envKeyCheck({ AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY: SECRET });
    expect(check).toMatchObject({ status: "fail", message: "AWS_ACCESS_KEY_ID in this environment is a long-lived key (AKIA…MPLE)." });
    expect(check.fix).toContain("unset them");
    expect(JSON.stringify(check)).not.toContain(SECRET);
    expect(envKeyCheck({ AWS_ACCESS_KEY_ID: "ASIAIOSFODNN7EXAMPLE", AWS_SESSION_TOKEN: "t" }).status).toBe("ok");
    expect(envKeyCheck({}).status).toBe("ok");
  });
});

describe("AWS profiles", () => {
  const roles = [role("111111111111", "Sandbox", "SandboxDeveloper"), role("222222222222", "Production", "Deploy", true)];

  it("splits credential_process like the AWS CLI (shlex)", () => {
    expect(splitCommand(`"/opt/my node/node" '/x/keyless.mjs' credentials --role a\\ b "q\\"x"`)).toEqual([
      "/opt/my node/node",
      "/x/keyless.mjs",
      "credentials",
      "--role",
      "a b",
      'q"x',
    ]);
  });

  it("passes when every Keyless profile runs and is for one of the person's roles", () => {
    const script = file("cli/bin/keyless.mjs", "// the CLI\n", 0o755);
    const p = file(
      ".aws/config",
      `[default]\nregion = eu-west-1\n[profile keyless-sandbox-sandboxdeveloper]\ncredential_process = "${process.execPath}" "${script}" credentials --role 111111111111/SandboxDeveloper\n`,
    );
    expect(profileChecks(read(p), p, roles, "")).toEqual([
      { area: "AWS profiles", status: "ok", message: `1 Keyless profile in ${p}, each runnable and for one of your roles.` },
    ]);
  });

  it("fails for a command that is gone or not on the PATH, and warns for roles no longer held", () => {
    const bin = path.join(home, "bin");
    file("bin/keyless", "#!/bin/sh\n", 0o755);
    file("bin/not-executable", "", 0o644);
    const p = file(
      ".aws/config",
      [
        "[profile keyless-sandbox-sandboxdeveloper]",
        `credential_process = "${process.execPath}" "${home}/gone/keyless.mjs" credentials --role 111111111111/SandboxDeveloper`,
        "[profile keyless-old-admin]",
        "credential_process = keyless credentials --role 333333333333/Admin",
        "[profile keyless-moved]",
        `credential_process = ${bin}/not-executable/keyless credentials --role 111111111111/SandboxDeveloper`,
        "[profile unrelated]",
        "credential_process = /usr/bin/other-tool --json",
        "",
      ].join("\n"),
    );
    const checks = profileChecks(read(p), p, roles, bin);
    expect(checks.map((c) => [c.status, c.message])).toEqual([
      ["fail", `Profile keyless-sandbox-sandboxdeveloper runs ${home}/gone/keyless.mjs, which no longer exists.`],
      ["warn", "Profile keyless-old-admin is for 333333333333/Admin, which is no longer one of your roles."],
      ["fail", `Profile keyless-moved runs “${bin}/not-executable/keyless”, which is not an executable.`],
    ]);
    expect(checks.every((c) => c.fix?.includes("keyless configure"))).toBe(true);
    // Without `keyless` on the PATH, the bare command is what fails.
    expect(profileChecks(read(p), p, roles, "/nonexistent")[1]).toMatchObject({
      status: "fail",
      message: "Profile keyless-old-admin runs “keyless”, which is not an executable on your PATH.",
    });
  });

  it("warns when there is no Keyless profile, or none for a role", () => {
    expect(profileChecks(null, "/h/.aws/config", roles, "")).toEqual([
      {
        area: "AWS profiles",
        status: "warn",
        message: "No Keyless profile in /h/.aws/config: AWS tools cannot get credentials from Keyless by themselves.",
        fix: "Run `keyless configure`: it rewrites Keyless's profiles for your current roles and this CLI.",
      },
    ]);
    const bin = path.join(home, "bin");
    file("bin/keyless", "#!/bin/sh\n", 0o755);
    const p = file(".aws/config", "[profile keyless-x]\ncredential_process = keyless credentials --role 111111111111/SandboxDeveloper\n");
    const more = [...roles, role("111111111111", "Sandbox", "ReadOnly")];
    expect(profileChecks(read(p), p, more, bin).map((c) => [c.status, c.message])).toEqual([
      ["warn", "No profile yet for keyless-sandbox-sandboxdeveloper, keyless-sandbox-readonly."],
    ]);
  });
});
