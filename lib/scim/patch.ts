import "server-only";
import type { Types } from "scimmy";
import { z } from "zod";
import { entraCompatible } from "@/lib/scim/entra-compat";
import { patchOperation as operation, type PatchOperation } from "@/lib/scim/patch-operation";
import { parseFilter } from "@/lib/scim/filter";
import { ScimError } from "@/lib/scim/errors";
import { plain, SCHEMA_IDS, scimmy, viaScimmyAsync } from "@/lib/scim/scimmy";

// PATCH (RFC 7644 §3.5.2), applied by scimmy's PatchOp to the resource as Keyless reads it;
// the outcome is then written like a PUT. Before scimmy sees a request, its shape is
// checked: a bounded list of operations, each path an attribute path whose value filter
// scimmy can parse. scimmy builds a filter from the values of a `remove` by pasting them
// between quotes, so quotes and backslashes there are refused (they could widen what a
// remove matches). Entra ID's dialect is translated first (lib/scim/entra-compat.ts).

export const MAX_OPERATIONS = 1000;
const COMPARATORS = new Set(["eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le", "pr", "np"]);
const PATH = /^(?:urn:[\w.:-]+:)?[A-Za-z$][\w$-]*(?:\.[A-Za-z$][\w$-]*)?(?:\[([^[\]]+)\](?:\.[A-Za-z$][\w$-]*)?)?$/;
const ATTRIBUTE_NAME = /^[A-Za-z$][\w$-]*$/;

const body = z.object({
  schemas: z.array(z.string().max(200)).max(5),
  Operations: z.array(z.unknown()).min(1, "at least one operation is needed").max(MAX_OPERATIONS, `at most ${MAX_OPERATIONS} operations`),
});

export type PatchMessage = { schemas: [typeof SCHEMA_IDS.patchOp]; Operations: PatchOperation[] };

/** The checked message, with Entra ID's dialect translated against `current` (the resource now). */
export function checkPatch(input: unknown, current: Record<string, unknown>): PatchMessage {
  const parsed = body.safeParse(input);
  if (!parsed.success) throw new ScimError(400, "invalidSyntax", `The PatchOp message is invalid: ${describe(parsed.error)}.`);
  if (!parsed.data.schemas.includes(SCHEMA_IDS.patchOp)) {
    throw new ScimError(400, "invalidSyntax", `A PATCH body must name the schema ${SCHEMA_IDS.patchOp}.`);
  }
  const operations = parsed.data.Operations.map((raw, i) => {
    const op = operation.safeParse(raw);
    if (!op.success) throw new ScimError(400, "invalidSyntax", `Operation ${i + 1} is invalid: ${describe(op.error)}.`);
    const kind = op.data.op.toLowerCase();
    if (kind !== "add" && kind !== "remove" && kind !== "replace") {
      throw new ScimError(400, "invalidSyntax", `Operation ${i + 1}: "${op.data.op.slice(0, 16)}" is not add, remove or replace.`);
    }
    if (op.data.path !== undefined) checkPath(op.data.path, i + 1);
    if (kind === "remove" && op.data.value !== undefined) checkRemovalValues(op.data.value, i + 1);
    return entraCompatible({ ...op.data, op: kind }, current);
  });
  return { schemas: [SCHEMA_IDS.patchOp], Operations: operations };
}

/** Applies the operations to `resource` (a scimmy schema instance); undefined when nothing changed. */
export async function applyPatch(message: PatchMessage, resource: Types.Schema): Promise<Record<string, unknown> | undefined> {
  const { Messages } = scimmy();
  type ScimmyMessage = ConstructorParameters<typeof Messages.PatchOp>[0];
  const patched = await viaScimmyAsync(() => new Messages.PatchOp(message as ScimmyMessage).apply(resource), "invalidValue");
  return patched === undefined ? undefined : plain(patched);
}

function checkPath(path: string, index: number): void {
  const match = PATH.exec(path.trim());
  if (!match) throw invalidPath(path, index);
  const filter = match[1];
  if (filter === undefined) return;
  const branches = parseFilter(filter, "invalidPath");
  if (branches.length === 0 || !branches.every(wellFormed)) throw invalidPath(path, index);
}

/** Every branch non-empty, every comparison a known comparator with a value (none for pr/np). */
function wellFormed(node: unknown): boolean {
  if (Array.isArray(node)) {
    if (node.some(Array.isArray)) return node.every(wellFormed);
    const [first, ...rest] = node as unknown[];
    const [comparator, value] = String(first).toLowerCase() === "not" ? rest : [first, ...rest];
    if (typeof comparator !== "string" || !COMPARATORS.has(comparator.toLowerCase())) return false;
    return ["pr", "np"].includes(comparator.toLowerCase()) ? value === undefined : value !== undefined;
  }
  if (node === null || typeof node !== "object") return false;
  const entries = Object.entries(node);
  return entries.length > 0 && entries.every(([, child]) => wellFormed(child));
}

function checkRemovalValues(value: unknown, index: number): void {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  for (const item of items) {
    const pairs: [string, unknown][] = item !== null && typeof item === "object" ? Object.entries(item) : [["value", item]];
    for (const [key, v] of pairs) {
      const unsafe = !ATTRIBUTE_NAME.test(key) || (typeof v === "string" && /["\\]/.test(v)) || (v !== null && typeof v === "object");
      if (unsafe) throw new ScimError(400, "invalidValue", `Operation ${index}: the values to remove must be simple attribute values.`);
    }
  }
}

function invalidPath(path: string, index: number): ScimError {
  return new ScimError(400, "invalidPath", `Operation ${index}: "${path.slice(0, 200)}" is not an attribute path Keyless can read.`);
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid";
}
