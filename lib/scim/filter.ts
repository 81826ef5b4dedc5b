import "server-only";
import { ScimError } from "@/lib/scim/errors";
import { Types } from "scimmy";
import { viaScimmy } from "@/lib/scim/scimmy";

// List filters. scimmy parses the expression (RFC 7644 §3.4.2.2); Keyless answers the part
// of the grammar IdPs use to find a resource before they write it: `attr eq "value"`,
// joined by `and`, on a few attributes, each of which maps to an indexed column. Anything
// else (or, not, pr, co, sw, an attribute not listed) is a 400 invalidFilter, so a filter
// is never evaluated in a way that could widen what it matches.

export type FilterTerm = { attribute: string; value: string };

/**
 * The terms of `expression`, each on one of `attributes` (names as the caller spells them,
 * matched case-insensitively, and returned in the spelling given here).
 */
export function equalityTerms(expression: string, attributes: readonly string[], schemaId: string): FilterTerm[] {
  const parsed = parseFilter(expression, "invalidFilter");
  if (parsed.length !== 1) throw unsupported("only one branch (no `or`) is supported");
  const terms: FilterTerm[] = [];
  collect(parsed[0], "", terms);
  if (terms.length === 0) throw unsupported("the filter compares nothing");
  const prefix = `${schemaId.toLowerCase()}:`;
  return terms.map((t) => {
    const name = t.attribute.toLowerCase().startsWith(prefix) ? t.attribute.slice(prefix.length) : t.attribute;
    const known = attributes.find((a) => a.toLowerCase() === name.toLowerCase());
    if (!known) throw unsupported(`filtering on "${name}" is not supported (use ${attributes.join(", ")})`);
    return { attribute: known, value: t.value };
  });
}

/** A logical operator with nothing on one side (scimmy's parser would quietly drop it). */
const DANGLING = /^\s*(and|or)\b|\b(and|or|not)\s*$/i;

/** scimmy's parse of a filter expression (its branches), refusing what it would read leniently. */
export function parseFilter(expression: string, scimType: "invalidFilter" | "invalidPath"): unknown[] {
  if (DANGLING.test(expression)) throw new ScimError(400, scimType, "The filter has a logical operator with nothing on one side.");
  const { Filter } = Types;
  return viaScimmy(() => [...new Filter(expression)] as unknown[], scimType);
}

function collect(node: unknown, path: string, out: FilterTerm[]): void {
  if (Array.isArray(node)) {
    const [comparator, value, ...rest] = node as unknown[];
    if (rest.length > 0 || Array.isArray(comparator)) throw unsupported(`"${path}" is compared more than once`);
    if (typeof comparator !== "string" || comparator.toLowerCase() !== "eq") {
      throw unsupported(`only the eq operator is supported (found "${String(comparator)}" on "${path}")`);
    }
    if (typeof value !== "string") throw unsupported(`"${path}" must be compared with a quoted string`);
    out.push({ attribute: path, value });
    return;
  }
  if (node === null || typeof node !== "object") throw unsupported("the filter could not be read");
  const entries = Object.entries(node);
  if (entries.length === 0) throw unsupported("the filter has an empty expression");
  for (const [key, child] of entries) collect(child, path ? `${path}.${key}` : key, out);
}

function unsupported(detail: string): ScimError {
  return new ScimError(400, "invalidFilter", `Unsupported filter: ${detail}.`);
}
