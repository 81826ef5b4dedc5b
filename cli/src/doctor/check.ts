import { loginHint } from "../errors.js";

// One finding of `keyless doctor`: what was checked, what was seen, and what to do.
export type CheckStatus = "ok" | "warn" | "fail";
export type Check = { area: string; status: CheckStatus; message: string; fix?: string };

export const ok = (area: string, message: string): Check => ({ area, status: "ok", message });
export const warn = (area: string, message: string, fix: string): Check => ({ area, status: "warn", message, fix });
export const fail = (area: string, message: string, fix: string): Check => ({ area, status: "fail", message, fix });

/** `keyless login --server …` as a fix line. */
export const loginFix = (server: string | null) => loginHint(server).replace(/^Run: /, "");

/** An access key id, recognisable but not whole: AKIA…WXYZ. */
export const maskKeyId = (id: string) => (id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : "AKIA…");

export type IniSection = { name: string; values: Record<string, string> };

/**
 * The sections of an AWS config or credentials file, as the AWS CLI reads them: `[name]`
 * headers, `key = value` lines, `#`/`;` comments. Names keep the `profile ` prefix
 * stripped (config file style), so both files give the profile name.
 */
export function parseIni(text: string): IniSection[] {
  const sections: IniSection[] = [];
  let current: IniSection | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(line);
    if (header?.[1]) {
      current = { name: header[1], values: {} };
      sections.push(current);
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (current && pair?.[1] && !/^\s/.test(raw)) current.values[pair[1].toLowerCase()] = pair[2] ?? "";
  }
  return sections;
}
