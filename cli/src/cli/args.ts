import { parseArgs, type ParseArgsConfig } from "node:util";
import { parseDuration } from "../duration.js";
import { UsageError } from "../errors.js";
import { detectShell, SHELLS, type Shell } from "../formats.js";

// Reading a command's arguments: parseArgs (strict) with the options the command table
// declares, and the checks that several commands share.

export type Values = Record<string, string | boolean | undefined>;

/**
 * An option as the command table declares it. `values` is what shell completion offers
 * for it: a fixed list, or "roles" (the person's roles, from `keyless __complete roles`).
 */
export type OptionSpec = { type: "string" | "boolean"; short?: string; values?: readonly string[] | "roles" };
export type OptionSpecs = Record<string, OptionSpec>;

export function parse(args: string[], options: OptionSpecs, allowPositionals = false): { values: Values; positionals: string[] } {
  // Only what parseArgs knows: the completion hints stay in the table.
  const config: NonNullable<ParseArgsConfig["options"]> = { help: { type: "boolean", short: "h" } };
  for (const [name, o] of Object.entries(options)) config[name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  try {
    const { values, positionals } = parseArgs({ args, options: config, allowPositionals, strict: true });
    // No option is declared `multiple`, so no value is an array.
    return { values: values as Values, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/^.*?: /, "") : String(error));
  }
}

export const str = (v: Values, k: string) => (typeof v[k] === "string" ? v[k] : undefined);

export function requireRole(v: Values): string {
  const role = str(v, "role");
  if (!role) throw new UsageError("Which role? Pass --role <account>/<role>.", "Run `keyless roles` to list yours.");
  return role;
}

export function duration(v: Values): number | undefined {
  const text = str(v, "duration");
  if (text === undefined) return undefined;
  const seconds = parseDuration(text);
  if (seconds === null || seconds < 900 || seconds > 43200)
    throw new UsageError(`--duration ${text}: give 15m to 12h (e.g. 3600, 90m, 4h).`);
  return seconds;
}

export function shell(v: Values): Shell {
  const given = str(v, "shell");
  if (given === undefined) return detectShell(process.env, process.platform);
  if (!(SHELLS as readonly string[]).includes(given)) throw new UsageError(`--shell ${given}: use one of ${SHELLS.join(", ")}.`);
  return given as Shell;
}

export const role = { role: { type: "string", short: "r", values: "roles" } } as const satisfies OptionSpecs;
export const durationOpt = { duration: { type: "string", short: "d" } } as const satisfies OptionSpecs;

/** A command in the table (cli/commands.ts). */
export type Command = {
  /** One line, shown by completion in shells that show descriptions (fish, PowerShell). */
  summary?: string;
  options: OptionSpecs;
  /** Positional arguments: none (undefined), any ("any"), or one of these (offered by completion). */
  positionals?: "any" | readonly string[];
  /** Left out of completion (internal commands). */
  hidden?: boolean;
  run(v: Values, positionals: string[]): Promise<void>;
};
