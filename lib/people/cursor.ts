import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { PEOPLE_SORTS, type PeopleSort } from "@/lib/people/schemas";

// Keyset paging for the People list: the cursor carries the sort and the last row's sort
// value and id. Opaque to clients (base64url JSON) and validated like any input.

const cursorSchema = z.object({ s: z.enum(PEOPLE_SORTS), v: z.string().max(512), k: z.string().min(1).max(64) });
export type PeopleCursor = { sort: PeopleSort; value: string; id: string };

const malformed = () =>
  new ValidationError("The cursor is not one Keyless issued: start again without it.", [{ path: "cursor", message: "Malformed" }]);

export function encodePeopleCursor(c: PeopleCursor): string {
  return Buffer.from(JSON.stringify({ s: c.sort, v: c.value, k: c.id }), "utf8").toString("base64url");
}

export function decodePeopleCursor(raw: string, sort: PeopleSort): PeopleCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw malformed();
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) throw malformed();
  if (result.data.s !== sort) {
    throw new ValidationError(`The cursor belongs to sort “${result.data.s}”, not “${sort}”: start again without it.`, [
      { path: "cursor", message: "Sort changed" },
    ]);
  }
  return { sort: result.data.s, value: result.data.v, id: result.data.k };
}
