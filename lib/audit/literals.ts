import pg from "pg";

// For the audit append's first round trip (lib/audit/append.ts, beginWith): BEGIN and the
// INSERT in one simple query, which carries no parameters, so the values go in as literals.

/** `text` with each $n outside quotes replaced by its value as a quoted literal; null when not possible. */
export function inlineValues(text: string, values: readonly unknown[]): string | null {
  if (text.includes("$$")) return null;
  const literals: string[] = [];
  for (const value of values) {
    if (value === undefined || value === null) literals.push("NULL");
    else if (typeof value === "string") literals.push(pg.escapeLiteral(value));
    else if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")
      literals.push(pg.escapeLiteral(String(value)));
    else return null;
  }
  let out = "";
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return null;
      out += text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    const param = c === "$" ? /^\$(\d+)/.exec(text.slice(i)) : null;
    if (param) {
      const literal = literals[Number(param[1]) - 1];
      if (literal === undefined) return null;
      out += literal;
      i += param[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
