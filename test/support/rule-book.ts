import { readFileSync } from "node:fs";
import path from "node:path";

// Reads docs/permissions.md, the rule book written by hand: who holds which permission, and
// which permission each API operation and server action needs. The unit test compares it with
// lib/permissions.ts and the route list; the access matrix takes its expected answers from it.
// Deliberately imports nothing from the app: it must not agree with the code by construction.

export const RULE_BOOK_PATH = path.resolve(import.meta.dirname, "../../docs/permissions.md");

/** The columns of the role table: the roles of lib/permissions.ts plus anonymous and the background jobs. */
export const RULE_BOOK_CALLERS = ["anonymous", "engineer", "manager", "admin", "system"] as const;
export type RuleBookCaller = (typeof RULE_BOOK_CALLERS)[number];
export type RuleBookRole = Exclude<RuleBookCaller, "anonymous" | "system">;
/** What an operation or action needs: a permission, nothing ("public") or any session ("signed-in", actions only). */
export type Access = string;

export type RuleBook = {
  /** Permissions in the order the table lists them. */
  permissions: string[];
  /** permission → the callers the table grants it to. */
  grants: Map<string, Set<RuleBookCaller>>;
  /** "POST /api/v1/credentials" → "credentials.issue" | "public" */
  operations: Map<string, Access>;
  /** "app/(dashboard)/keys/actions.ts#updateRotationPolicyAction" → "settings.manage" | "public" | "signed-in" */
  actions: Map<string, Access>;
  /** Routes no role opens ("/api/metrics"), with who may call them. */
  outside: Map<string, string>;
};

type Table = { header: string[]; rows: { line: number; cells: string[] }[] };

/** The first table after the `## title` heading. */
function tableUnder(lines: string[], title: string, errors: string[]): Table {
  const start = lines.findIndex((l) => l.trim() === `## ${title}`);
  if (start < 0) {
    errors.push(`no "## ${title}" section`);
    return { header: [], rows: [] };
  }
  const split = (l: string) =>
    l
      .trim()
      .replace(/^\||\|$/g, "")
      .split("|")
      .map((c) => c.trim());
  let i = start + 1;
  while (i < lines.length && !lines[i]!.trim().startsWith("|") && !lines[i]!.startsWith("## ")) i++;
  if (i >= lines.length || lines[i]!.startsWith("## ")) {
    errors.push(`"## ${title}" has no table`);
    return { header: [], rows: [] };
  }
  const header = split(lines[i]!);
  const rows: Table["rows"] = [];
  for (i += 2; i < lines.length && lines[i]!.trim().startsWith("|"); i++) rows.push({ line: i + 1, cells: split(lines[i]!) });
  return { header, rows };
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, "").trim();

export function parseRuleBook(text: string): RuleBook {
  const lines = text.split("\n");
  const errors: string[] = [];
  const book: RuleBook = { permissions: [], grants: new Map(), operations: new Map(), actions: new Map(), outside: new Map() };

  const roles = tableUnder(lines, "Roles and permissions", errors);
  const column = new Map(roles.header.map((h, i) => [h.toLowerCase(), i]));
  for (const c of RULE_BOOK_CALLERS) if (roles.header.length && !column.has(c)) errors.push(`the role table has no "${c}" column`);
  for (const { line, cells } of roles.rows) {
    const permission = unquote(cells[0] ?? "");
    if (!/^[a-z][a-z.-]*[a-z]$/.test(permission)) errors.push(`line ${line}: "${permission}" is not a permission name`);
    if (book.grants.has(permission)) errors.push(`line ${line}: ${permission} is listed twice`);
    const holders = new Set<RuleBookCaller>();
    for (const caller of RULE_BOOK_CALLERS) {
      const cell = cells[column.get(caller) ?? -1];
      if (cell === "✓") holders.add(caller);
      else if (cell !== "–") errors.push(`line ${line}: ${caller} × ${permission} is "${cell ?? ""}", not ✓ or –`);
    }
    book.permissions.push(permission);
    book.grants.set(permission, holders);
  }

  const access = (cell: string, line: number, allowed: string[]): Access => {
    const value = unquote(cell);
    if (!allowed.includes(value) && !book.grants.has(value)) errors.push(`line ${line}: "${value}" is no permission of the role table`);
    return value;
  };
  for (const { line, cells } of tableUnder(lines, "API operations", errors).rows) {
    const key = unquote(cells[0] ?? "");
    if (!/^(GET|POST|PUT|PATCH|DELETE) \/\S+$/.test(key)) errors.push(`line ${line}: "${key}" is not "METHOD /path"`);
    if (book.operations.has(key)) errors.push(`line ${line}: ${key} is listed twice`);
    book.operations.set(key, access(cells[1] ?? "", line, ["public"]));
  }
  for (const { line, cells } of tableUnder(lines, "Server actions", errors).rows) {
    const key = unquote(cells[0] ?? "");
    if (!/^app\/\S+\.ts#\w+$/.test(key)) errors.push(`line ${line}: "${key}" is not "file#exportName"`);
    if (book.actions.has(key)) errors.push(`line ${line}: ${key} is listed twice`);
    book.actions.set(key, access(cells[1] ?? "", line, ["public", "signed-in"]));
  }
  for (const { line, cells } of tableUnder(lines, "Routes outside the role model", errors).rows) {
    const route = unquote(cells[0] ?? "");
    if (!route.startsWith("/")) errors.push(`line ${line}: "${route}" is not a path`);
    book.outside.set(route, cells[1] ?? "");
  }

  if (errors.length) throw new Error(`docs/permissions.md cannot be read:\n${errors.join("\n")}`);
  return book;
}

let cached: RuleBook | undefined;
export function ruleBook(): RuleBook {
  cached ??= parseRuleBook(readFileSync(RULE_BOOK_PATH, "utf8"));
  return cached;
}

/** Whether a person holding `roles` (or nobody, for anonymous) may use something needing `access`. */
export function ruleBookAllows(book: RuleBook, roles: readonly RuleBookRole[] | "anonymous", access: Access): boolean {
  if (access === "public") return true;
  if (roles === "anonymous") return book.grants.get(access)?.has("anonymous") ?? false;
  if (access === "signed-in") return true;
  return roles.some((role) => book.grants.get(access)?.has(role) ?? false);
}
