import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../cli/commands.js";
import { HELP } from "../main.js";
import { bashScript } from "./bash.js";
import { fishScript } from "./fish.js";
import { powershellScript } from "./powershell.js";
import { completionSpec } from "./spec.js";
import { zshScript } from "./zsh.js";

// The scripts in real shells. Role names come from `keyless __complete roles`, here a shell
// function printing names with a space, "=", a quote and a slash, which must come back as
// one word each (the built CLI answers it in e2e/cli-doctor.spec.ts).

const spec = completionSpec(COMMANDS);
const has = (shell: string) => spawnSync("sh", ["-c", `command -v ${shell}`]).status === 0;
const ROLES = ["111111111111/SandboxDeveloper", "111111111111/Sandbox ReadOnly", "222222222222/a=b", "333333333333/it's"];

/** COMPREPLY for a command line with the cursor at its end, from the bash script. */
function bashComplete(line: string): string[] {
  const script = `${bashScript(spec)}
keyless() { [[ "$1 $2" == "__complete roles" ]] && printf '%s\\n' ${ROLES.map((r) => `'${r.replace(/'/g, `'\\''`)}'`).join(" ")}; }
COMP_LINE=$1; COMP_POINT=\${#1}; COMPREPLY=()
_keyless
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = spawnSync("bash", ["--norc", "-c", script, "bash", line], { encoding: "utf8" });
  expect(out.stderr).toBe("");
  return out.stdout.split("\n").filter(Boolean);
}

describe("bash completion", () => {
  it("registers for keyless", () => {
    const out = spawnSync("bash", ["--norc", "-c", `${bashScript(spec)}\ncomplete -p keyless`], { encoding: "utf8" });
    expect(out.stdout.trim()).toBe("complete -F _keyless keyless");
  });

  it("completes commands, each command's options and enum values", () => {
    expect(bashComplete("keyless ")).toEqual(Object.keys(COMMANDS).filter((c) => !COMMANDS[c]?.hidden));
    expect(bashComplete("keyless co")).toEqual(["console", "configure", "completion"]);
    expect(bashComplete("keyless doc")).toEqual(["doctor"]);
    expect(bashComplete("keyless env --")).toEqual(["--role", "--duration", "--shell", "--region", "--no-cache", "--help"]);
    expect(bashComplete("keyless env --json --s")).toEqual(["--shell"]);
    expect(bashComplete("keyless env --shell ")).toEqual(["bash", "zsh", "fish", "powershell"]);
    expect(bashComplete("keyless env --shell=p")).toEqual(["powershell"]);
    expect(bashComplete("keyless completion ")).toEqual(["--help", "bash", "zsh", "fish", "powershell"]);
    expect(bashComplete("keyless __complete ")).toEqual([]);
  });

  it("completes role names for --role and -r, escaped as one word", () => {
    expect(bashComplete("keyless credentials --role ")).toEqual([
      "111111111111/SandboxDeveloper",
      "111111111111/Sandbox\\ ReadOnly",
      "222222222222/a=b",
      "333333333333/it\\'s",
    ]);
    expect(bashComplete("keyless env -r 111111111111/Sandbox\\ R")).toEqual(["111111111111/Sandbox\\ ReadOnly"]);
    expect(bashComplete("keyless console --role 3")).toEqual(["333333333333/it\\'s"]);
    // readline replaces only what follows the "=": the candidate is trimmed to match.
    expect(bashComplete("keyless credentials --role 222222222222/a=")).toEqual(["b"]);
    expect(bashComplete("keyless credentials --role=111111111111/Sandbox")).toEqual([
      "111111111111/SandboxDeveloper",
      "111111111111/Sandbox\\ ReadOnly",
    ]);
  });
});

describe("the other shells' scripts", () => {
  const parse: [string, string, string[], (s: typeof spec) => string][] = [
    ["zsh", "zsh", ["-n"], zshScript],
    ["fish", "fish", ["--no-execute"], fishScript],
    ["powershell", "pwsh", ["-NoProfile", "-NonInteractive", "-Command", "-"], powershellScript],
  ];
  for (const [name, bin, args, script] of parse) {
    it.skipIf(!has(bin))(`${name} parses (${bin})`, () => {
      const text =
        name === "powershell"
          ? `$null = [System.Management.Automation.Language.Parser]::ParseInput(@'\n${script(spec)}\n'@, [ref]$null, [ref]$errors); if ($errors) { $errors; exit 1 }`
          : script(spec);
      const out = spawnSync(bin, args, { input: text, encoding: "utf8" });
      expect(out.status, out.stderr + out.stdout).toBe(0);
    });
  }

  it("each names every command and option", () => {
    for (const script of [zshScript(spec), fishScript(spec), powershellScript(spec)]) {
      for (const c of spec) {
        expect(script).toContain(`'${c.name}'`);
        for (const o of c.options) expect(script).toContain((o.flags[0] ?? "").replace(/^--/, ""));
      }
      expect(script).toContain("keyless __complete roles");
    }
  });
});

describe("the command table", () => {
  it("is what HELP describes: every visible command and option", () => {
    for (const [name, c] of Object.entries(COMMANDS)) {
      if (c.hidden) {
        expect(HELP).not.toContain(name);
        continue;
      }
      expect(HELP).toMatch(new RegExp(`^  ${name}\\b`, "m"));
      for (const option of Object.keys(c.options)) expect(HELP, `${name} --${option}`).toContain(`--${option}`);
    }
  });
});
