import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration.js";
import { credentialProcessJson, detectShell, envExports, renderCredentials, SHELLS, type CredentialFormat } from "./formats.js";
import { keylessProfileName } from "./profiles.js";
import { VERSION } from "./version.js";

// One module prints credentials for the CLI (`keyless env`, `keyless credentials`) and the web
// app's credentials panel (components/credentials/credentials-panel.tsx calls
// renderCredentials): every format is pinned here, character for character, for both.

const creds = {
  accessKeyId: "ASIAEXAMPLE",
  secretAccessKey: "se'cret/+=\\",
  sessionToken: 'tok$en`x\u2019"$(id)',
  expiration: "2026-11-28T13:00:00.000Z",
};
const opts = { label: "Sandbox/SandboxDeveloper", profile: "sandbox-sandboxdeveloper", region: "eu-west-1" };

const PINNED: Record<CredentialFormat, string> = {
  bash: [
    "# keyless: Sandbox/SandboxDeveloper, until 2026-11-28T13:00:00.000Z",
    "export AWS_ACCESS_KEY_ID='ASIAEXAMPLE'",
    "export AWS_SECRET_ACCESS_KEY='se'\\''cret/+=\\'",
    "export AWS_SESSION_TOKEN='tok$en`x\u2019\"$(id)'",
    "export AWS_CREDENTIAL_EXPIRATION='2026-11-28T13:00:00.000Z'",
    "export AWS_REGION='eu-west-1'",
  ].join("\n"),
  zsh: "",
  fish: [
    "# keyless: Sandbox/SandboxDeveloper, until 2026-11-28T13:00:00.000Z",
    "set -gx AWS_ACCESS_KEY_ID 'ASIAEXAMPLE'",
    "set -gx AWS_SECRET_ACCESS_KEY 'se\\'cret/+=\\\\'",
    "set -gx AWS_SESSION_TOKEN 'tok$en`x\u2019\"$(id)'",
    "set -gx AWS_CREDENTIAL_EXPIRATION '2026-11-28T13:00:00.000Z'",
    "set -gx AWS_REGION 'eu-west-1'",
  ].join("\n"),
  powershell: [
    "# keyless: Sandbox/SandboxDeveloper, until 2026-11-28T13:00:00.000Z",
    "$Env:AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE'",
    "$Env:AWS_SECRET_ACCESS_KEY = 'se''cret/+=\\'",
    "$Env:AWS_SESSION_TOKEN = 'tok$en`x\u2019\u2019\"$(id)'",
    "$Env:AWS_CREDENTIAL_EXPIRATION = '2026-11-28T13:00:00.000Z'",
    "$Env:AWS_REGION = 'eu-west-1'",
  ].join("\n"),
  profile: [
    "[sandbox-sandboxdeveloper]",
    "aws_access_key_id = ASIAEXAMPLE",
    "aws_secret_access_key = se'cret/+=\\",
    'aws_session_token = tok$en`x\u2019"$(id)',
    "region = eu-west-1",
  ].join("\n"),
  process: JSON.stringify(
    {
      Version: 1,
      AccessKeyId: "ASIAEXAMPLE",
      SecretAccessKey: "se'cret/+=\\",
      SessionToken: 'tok$en`x\u2019"$(id)',
      Expiration: "2026-11-28T13:00:00.000Z",
    },
    null,
    2,
  ),
};
PINNED.zsh = PINNED.bash;

describe("credential formats, the same for the CLI and the web app", () => {
  it("prints every format exactly as pinned, in the web panel and in the CLI", () => {
    for (const format of Object.keys(PINNED) as CredentialFormat[]) {
      expect(renderCredentials(format, creds, opts), `web panel: ${format}`).toBe(PINNED[format]);
      const cli = format === "process" ? credentialProcessJson(creds) : format === "profile" ? undefined : envExports(format, creds, opts);
      if (cli !== undefined) expect(cli, `CLI: ${format}`).toBe(PINNED[format]);
    }
    expect(SHELLS.every((s) => s in PINNED)).toBe(true);
  });

  it("leaves the region out when none is given", () => {
    expect(envExports("bash", creds, { label: "x" })).not.toContain("AWS_REGION");
    expect(renderCredentials("profile", creds, { label: "x", profile: "p" })).not.toContain("region");
  });

  it("keeps the label on its comment line: a name with a line break cannot add a command", () => {
    const out = envExports("bash", creds, { label: "Evil\nrm -rf ~", region: "eu-west-1" });
    expect(out.split("\n")[0]).toBe("# keyless: Evil rm -rf ~, until 2026-11-28T13:00:00.000Z");
    expect(out.split("\n")).toHaveLength(6);
  });

  it("is the only place that writes credentials out: the web app imports it", () => {
    const root = new URL("../..", import.meta.url);
    const panel = readFileSync(new URL("components/credentials/credentials-panel.tsx", root), "utf8");
    expect(panel).toContain('import { renderCredentials, type CredentialFormat } from "@/cli/src/formats";');
    // git grep: the web app's own code (tests aside) names no credential variable.
    const found = spawnSync(
      "git",
      ["grep", "--untracked", "-l", "-E", "AWS_SESSION_TOKEN|aws_session_token", "--", "app", "components", "lib", ":!*.test.ts"],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    expect(found.status, found.stderr).toBe(1);
    expect(found.stdout).toBe("");
  });

  it("gives bash back each value unchanged (a real shell reads the exports)", () => {
    const script = `${envExports("bash", creds, opts)}\nprintf '%s\\0' "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"`;
    const out = execFileSync("bash", ["-c", script], { encoding: "utf8", env: { ...process.env }, stdio: ["ignore", "pipe", "pipe"] });
    expect(out.split("\0").slice(0, 3)).toEqual([creds.secretAccessKey, creds.sessionToken, creds.expiration]);
  });
});

describe("the shell", () => {
  it("is guessed from $SHELL", () => {
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
