import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// The server actions in app/, read from the source: every export of every "use server" file,
// as "file#export" (the way the build, the rule book and lib/actions/registry.ts name them).

export const APP_ROOT = path.resolve(import.meta.dirname, "../..");

export function serverActionsInApp(dir = "app"): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(APP_ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...serverActionsInApp(rel));
    else if (/\.tsx?$/.test(entry.name)) {
      const source = readFileSync(path.join(APP_ROOT, rel), "utf8");
      if (!/^\s*["']use server["'];?/.test(source)) continue;
      for (const m of source.matchAll(/^export (?:async function|const|let|var|function|\{)\s*(\w+)?/gm))
        out.push(m[1] ? `${rel}#${m[1]}` : `${rel}#(export list)`);
    }
  }
  return out;
}
