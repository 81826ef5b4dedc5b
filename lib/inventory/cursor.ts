import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { SORTS, type Sort } from "@/lib/inventory/keys-query";

// Keyset pagination: the cursor carries the sort value and key id of the last row shown,
// and the instant the first page was computed at, so that later pages evaluate ages and
// states at the same moment (a key crossing a threshold mid-browse does not jump pages).
// Opaque to clients (base64url JSON); validated like any input.

const cursorSchema = z.object({
  s: z.enum(SORTS),
  v: z.union([z.string().max(512), z.number().int()]),
  k: z.string().min(1).max(128),
  t: z.number().int().positive(),
});
export type Cursor = { sort: Sort; value: string | number; accessKeyId: string; asOf: Date };

export function encodeCursor(c: Cursor): string {
  const json = JSON.stringify({ s: c.sort, v: c.value, k: c.accessKeyId, t: c.asOf.getTime() });
  return Buffer.from(json, "utf8").toString("base64url");
}

export function decodeCursor(raw: string, sort: Sort): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw new ValidationError("The cursor is not one Keyless issued: start again without it.", [{ path: "cursor", message: "Malformed" }]);
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success)
    throw new ValidationError("The cursor is not one Keyless issued: start again without it.", [{ path: "cursor", message: "Malformed" }]);
  const c = result.data;
  if (c.s !== sort) {
    throw new ValidationError(`The cursor belongs to sort “${c.s}”, not “${sort}”: start again without it.`, [
      { path: "cursor", message: "Sort changed" },
    ]);
  }
  return { sort: c.s, value: c.v, accessKeyId: c.k, asOf: new Date(c.t) };
}
