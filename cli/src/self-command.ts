import { realpathSync, statSync } from "node:fs";
import path from "node:path";

// How AWS tools should run this CLI from ~/.aws/config. `keyless` when that name on PATH is
// this very program (installed globally); otherwise its absolute path, so a profile keeps
// working outside the repository (e.g. when it was set up with `npx keyless`).

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, "\\$1")}"`;
}

export function selfCommand(env: Record<string, string | undefined> = process.env, argv1: string | undefined = process.argv[1]): string {
  if (!argv1) return "keyless";
  const exts = process.platform === "win32" ? ["", ".cmd", ".exe"] : [""];
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    for (const ext of exts) {
      const candidate = path.join(dir, `keyless${ext}`);
      try {
        if (statSync(candidate).isFile() && sameFile(candidate, argv1)) return "keyless";
      } catch {
        // not there
      }
    }
  }
  return `${quote(process.execPath)} ${quote(path.resolve(argv1))}`;
}
