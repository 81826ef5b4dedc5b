import { fishSingle } from "../formats.js";
import type { CommandWords } from "./spec.js";

// fish: one `complete` line per command and option. fish escapes what it inserts, so role
// names from `keyless __complete roles` (one a line) arrive as one word.

export function fishScript(spec: CommandWords[]): string {
  const lines = [
    "# keyless completion for fish. Install: keyless completion fish > ~/.config/fish/completions/keyless.fish",
    "complete -c keyless -f",
  ];
  for (const c of spec) {
    lines.push(`complete -c keyless -n __fish_use_subcommand -a ${fishSingle(c.name)} -d ${fishSingle(c.summary)}`);
    const when = `-n ${fishSingle(`__fish_seen_subcommand_from ${c.name}`)}`;
    if (c.positionals.length > 0) lines.push(`complete -c keyless ${when} -a ${fishSingle(c.positionals.join(" "))}`);
    for (const o of c.options) {
      const [long, short] = o.flags;
      let line = `complete -c keyless ${when} -l ${(long ?? "").slice(2)}${short ? ` -s ${short.slice(1)}` : ""}`;
      if (o.values === "roles") line += ` -x -a ${fishSingle("(keyless __complete roles 2>/dev/null)")}`;
      else if (o.values) line += ` -x -a ${fishSingle(o.values.join(" "))}`;
      else if (o.takesValue) line += " -r -F";
      lines.push(line);
    }
  }
  return `${lines.join("\n")}\n`;
}
