import "server-only";
import type { PatchOperation } from "@/lib/scim/patch-operation";
import { Types } from "scimmy";
import { viaScimmy } from "@/lib/scim/scimmy";

// Microsoft Entra ID's SCIM client departs from RFC 7644 in two documented ways that
// scimmy (rightly, by the RFC) refuses, which would stall provisioning of real tenants:
// - booleans sent as strings: {"op":"Replace","path":"active","value":"False"};
// - a value set on a multi-valued attribute through a filter that matches nothing yet,
//   e.g. {"op":"Add","path":"phoneNumbers[type eq \"work\"].value","value":"…"} for a
//   person who had no work phone: Entra means "add a work phone with this value".
// Both are translated here into what the RFC says, and scimmy applies the result.
// (Okta sends RFC-shaped operations; nothing here changes them.)

const FILTERED_SUB_ATTRIBUTE = /^([A-Za-z][\w$-]*)\[([^[\]]+)\]\.([A-Za-z][\w$-]*)$/;
const BOOLEAN_ATTRIBUTES = new Set(["active"]);

export function entraCompatible(op: PatchOperation, current: Record<string, unknown>): PatchOperation {
  const withBooleans = booleansFromStrings(op);
  return op.op === "remove" ? withBooleans : addToEmptySelection(withBooleans, current);
}

function asBoolean(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const lower = value.trim().toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : value;
}

function booleansFromStrings(op: PatchOperation): PatchOperation {
  if (op.path !== undefined) return BOOLEAN_ATTRIBUTES.has(op.path.trim().toLowerCase()) ? { ...op, value: asBoolean(op.value) } : op;
  if (op.value === null || typeof op.value !== "object" || Array.isArray(op.value)) return op;
  const value = Object.fromEntries(
    Object.entries(op.value as Record<string, unknown>).map(([k, v]) => [k, BOOLEAN_ATTRIBUTES.has(k.toLowerCase()) ? asBoolean(v) : v]),
  );
  return { ...op, value };
}

/** `attr[a eq "x"].sub = v` with no element matching becomes `add attr = [{a: "x", sub: v}]`. */
function addToEmptySelection(op: PatchOperation, current: Record<string, unknown>): PatchOperation {
  const match = op.path ? FILTERED_SUB_ATTRIBUTE.exec(op.path.trim()) : null;
  if (!match || op.value === undefined || (op.value !== null && typeof op.value === "object")) return op;
  const [, attribute = "", filter = "", subAttribute = ""] = match;
  const { Filter } = Types;
  const parsed = viaScimmy(() => new Filter(filter), "invalidPath");
  const selector = equalities(parsed[0]);
  if (parsed.length !== 1 || !selector) return op;
  const key = Object.keys(current).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const existing = key ? current[key] : undefined;
  const values = Array.isArray(existing) ? existing : [];
  if (parsed.match(values).length > 0) return op;
  return { op: "add", path: attribute, value: [{ ...selector, [subAttribute]: op.value }] };
}

/** A branch made only of `attr eq "string"` terms, as an object; null for anything else. */
function equalities(branch: unknown): Record<string, string> | null {
  if (branch === null || typeof branch !== "object" || Array.isArray(branch)) return null;
  const out: Record<string, string> = {};
  for (const [key, expression] of Object.entries(branch)) {
    if (!Array.isArray(expression) || expression.length !== 2) return null;
    const [comparator, value] = expression as unknown[];
    if (typeof comparator !== "string" || comparator.toLowerCase() !== "eq" || typeof value !== "string") return null;
    out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}
