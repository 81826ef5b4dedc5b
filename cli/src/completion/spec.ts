import type { Command } from "../cli/args.js";

// What completion offers, derived from the command table so that the scripts for every
// shell stay in step with what `keyless` accepts.

export type OptionWords = {
  /** The spellings: ["--role", "-r"]. */
  flags: string[];
  takesValue: boolean;
  /** What to offer for the value: a fixed list, the person's roles, or nothing (free text). */
  values?: readonly string[] | "roles";
};
export type CommandWords = { name: string; summary: string; options: OptionWords[]; positionals: readonly string[] };

export function completionSpec(commands: Record<string, Command>): CommandWords[] {
  return Object.entries(commands)
    .filter(([, c]) => !c.hidden)
    .map(([name, c]) => ({
      name,
      summary: c.summary ?? "",
      positionals: Array.isArray(c.positionals) ? c.positionals : [],
      options: [
        ...Object.entries(c.options).map(([long, o]) => ({
          flags: o.short ? [`--${long}`, `-${o.short}`] : [`--${long}`],
          takesValue: o.type === "string",
          values: o.values,
        })),
        { flags: ["--help", "-h"], takesValue: false },
      ],
    }));
}

/** Every word a command takes after its name: its options (long spellings) and positional values. */
export const wordsAfter = (c: CommandWords) => [...c.options.map((o) => o.flags[0] ?? ""), ...c.positionals];

/** Each option that takes a value, with "<command> <spelling>" for each of its spellings. */
export function valueOptions(spec: CommandWords[]): { keys: string[]; option: OptionWords }[] {
  return spec.flatMap((c) =>
    c.options.filter((o) => o.takesValue).map((option) => ({ keys: option.flags.map((f) => `${c.name} ${f}`), option })),
  );
}
