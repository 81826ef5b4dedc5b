import type { Command } from "../cli/args.js";
import { bashScript } from "../completion/bash.js";
import { fishScript } from "../completion/fish.js";
import { powershellScript } from "../completion/powershell.js";
import { completionRoles } from "../completion/roles.js";
import { completionSpec } from "../completion/spec.js";
import { zshScript } from "../completion/zsh.js";
import { UsageError } from "../errors.js";
import { SHELLS, type Shell } from "../formats.js";
import { print } from "../output.js";

const SCRIPTS: Record<Shell, typeof bashScript> = { bash: bashScript, zsh: zshScript, fish: fishScript, powershell: powershellScript };

/** `keyless completion <shell>`: the completion script for that shell, on stdout. */
export function completion(positionals: string[], commands: Record<string, Command>): Promise<void> {
  const [shell, ...rest] = positionals;
  if (!shell || rest.length > 0 || !(SHELLS as readonly string[]).includes(shell))
    throw new UsageError(`Which shell? keyless completion ${SHELLS.join("|")}`);
  print(SCRIPTS[shell as Shell](completionSpec(commands)).trimEnd());
  return Promise.resolve();
}

/**
 * `keyless __complete <what>`, called by the completion scripts while someone presses Tab:
 * prints candidates one a line, and on any error prints nothing (never a prompt, a message
 * or a wait of more than a couple of seconds).
 */
export async function completeWords(positionals: string[]): Promise<void> {
  if (positionals[0] !== "roles") return;
  const roles = await completionRoles().catch(() => [] as string[]);
  if (roles.length > 0) print(roles.join("\n"));
}
