import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import type { AwsRole } from "../api-types.js";
import { keylessProfileName } from "../profiles.js";
import { findRole } from "../roles.js";
import { fail, ok, parseIni, warn, type Check } from "./check.js";

// The AWS profiles that run Keyless (credential_process = … credentials --role R): can the
// AWS tools start that command, and is R still one of the person's roles?

const AREA = "AWS profiles";
const FIX = "Run `keyless configure`: it rewrites Keyless's profiles for your current roles and this CLI.";

/** Splits a command line as the AWS CLI does (POSIX shlex): quotes and backslashes. */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? "";
    if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      word = (word ?? "") + line.slice(i + 1, end < 0 ? line.length : end);
      i = end < 0 ? line.length : end;
    } else if (ch === '"') {
      word ??= "";
      for (i++; i < line.length && line[i] !== '"'; i++)
        word += line[i] === "\\" && /["\\$`]/.test(line[i + 1] ?? "") ? line[++i] : line[i];
    } else {
      word = (word ?? "") + (ch === "\\" ? (line[++i] ?? "") : ch);
    }
  }
  if (word !== null) words.push(word);
  return words;
}

function runnable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The program a command line starts, resolved like a shell would, or null. */
export function resolveProgram(program: string, envPath: string | undefined): string | null {
  if (program.includes("/") || program.includes("\\")) return runnable(program) ? program : null;
  const exts = process.platform === "win32" ? ["", ".cmd", ".exe"] : [""];
  for (const dir of (envPath ?? "").split(path.delimiter).filter(Boolean))
    for (const ext of exts) if (runnable(path.join(dir, program + ext))) return path.join(dir, program + ext);
  return null;
}

/** A Keyless profile's problem with its command, or null when the AWS tools can run it. */
function commandProblem(words: string[], envPath: string | undefined): string | null {
  const [program = "", script] = words;
  if (!resolveProgram(program, envPath))
    return `runs “${program}”, which is not an executable${program.includes("/") ? "" : " on your PATH"}`;
  // `node /path/to/keyless.mjs …`, as configure writes it when keyless is not on the PATH.
  if (/^node(\.exe)?$/i.test(path.basename(program)) && script && /\.m?js$/.test(script) && !statSafe(script))
    return `runs ${script}, which no longer exists`;
  return null;
}

const statSafe = (file: string) => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

export function profileChecks(text: string | null, file: string, roles: AwsRole[] | null, envPath: string | undefined): Check[] {
  const profiles = parseIni(text ?? "")
    .map((s) => ({ name: s.name, words: splitCommand(s.values.credential_process ?? "") }))
    .filter((p) => p.words.includes("credentials") && p.words.some((w) => /keyless/i.test(path.basename(w))));
  const checks: Check[] = [];
  for (const p of profiles) {
    const problem = commandProblem(p.words, envPath);
    if (problem) checks.push(fail(AREA, `Profile ${p.name} ${problem}.`, FIX));
    const ref = p.words[p.words.indexOf("--role") + 1];
    if (roles && ref && p.words.includes("--role") && "error" in findRole(roles, ref))
      checks.push(warn(AREA, `Profile ${p.name} is for ${ref}, which is no longer one of your roles.`, FIX));
  }
  const names = new Set(profiles.map((p) => p.name));
  const missing = (roles ?? []).filter((r) => !r.requiresApproval && !names.has(keylessProfileName(r)));
  if (profiles.length === 0)
    checks.push(warn(AREA, `No Keyless profile in ${file}: AWS tools cannot get credentials from Keyless by themselves.`, FIX));
  else if (missing.length > 0) checks.push(warn(AREA, `No profile yet for ${missing.map(keylessProfileName).join(", ")}.`, FIX));
  if (checks.length === 0)
    checks.push(
      ok(
        AREA,
        `${profiles.length} Keyless profile${profiles.length === 1 ? "" : "s"} in ${file}, each runnable${roles ? " and for one of your roles" : ""}.`,
      ),
    );
  return checks;
}
