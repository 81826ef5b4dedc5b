import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { PEOPLE_SORTS, type PeopleSort } from "@/lib/people/schemas";

// Keyset paging for the People list: the cursor carries the sort and the last row's sort
// value and id. Opaque to clients (base64url JSON) and validated like any input.

const cursorSchema = z.object({
  s: z.enum(PEOPLE_SORTS),
  v: z
    .string()
    .max(512)
    .regex(/^[^\x00]*$/),
  k: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\w-]+$/),
});
/** The text form list.ts gives a last sign-in (a timestamp without time zone). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;
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
  // The value goes into SQL as a parameter cast to the sort's type: a value of the wrong form would fail there.
  if (sort.endsWith("lastSignIn") && (!TIMESTAMP.test(result.data.v) || Number.isNaN(Date.parse(`${result.data.v}Z`)))) throw malformed();
  return { sort: result.data.s, value: result.data.v, id: result.data.k };
}
