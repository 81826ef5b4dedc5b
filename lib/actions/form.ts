import { z } from "zod";
import { ValidationError } from "@/lib/errors";

// The one way a server action reads its form. formInput() turns FormData into a plain object
// that the action's zod schema (lib/actions/action.ts) then checks; the helpers below say what
// a field is when its text alone cannot (a checkbox, a repeated field, a list typed in a box).
// Data access functions never see FormData.

export type FormValue = string | string[] | FormObject;
export type FormObject = { [key: string]: FormValue };

/**
 * FormData as an object: a repeated key is an array of its values, an empty (or blank) value
 * is left out (undefined: the schema's default or its "is required"), and "a.b" keys nest
 * ({ a: { b } }: the target settings of the integration forms). Files and React's own
 * "$ACTION_…" fields are ignored. A NUL character is refused (PostgreSQL text cannot hold it).
 */
export function formInput(form: FormData | undefined): FormObject {
  const out: FormObject = {};
  if (!form) return out;
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = form.getAll(key).filter((v): v is string => typeof v === "string" && v.trim() !== "");
    if (values.some((v) => v.includes("\u0000")))
      throw new ValidationError(`The form is invalid: ${key}: must not contain NUL characters.`, [
        { path: key, message: "must not contain NUL characters" },
      ]);
    if (values.length === 0) continue;
    const path = key.split(".");
    const leaf = path.pop()!;
    let node = out;
    for (const part of path) {
      const next = node[part];
      node = next && typeof next === "object" && !Array.isArray(next) ? next : (node[part] = {});
    }
    node[leaf] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

/** A text field the domain schema checks itself: left empty, it is "" (so "is required" says so). */
export const text = () => z.string().default("");

/** A checkbox: sent as "on" (or "true") when ticked, not sent at all when not. */
export const checkbox = () => z.preprocess((v) => v === "on" || v === "true", z.boolean());

/** A field that may repeat (group chips, multi-selects): always an array. */
export const repeated = () =>
  z.preprocess((v: unknown) => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]), z.array(z.string()));

/** A list typed into one box, split on `separator` (e.g. /[,\n]/), blanks dropped. */
export const splitList = (separator: RegExp) =>
  z.preprocess(
    (v) =>
      typeof v === "string"
        ? v
            .split(separator)
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    z.array(z.string()),
  );

/** The "targetSettings.*" fields of a target, for its connector's schema: trimmed text, and each boolean setting a checkbox. */
export function settingsInput(raw: FormValue | undefined, schema: z.ZodType): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (raw && typeof raw === "object" && !Array.isArray(raw))
    for (const [key, value] of Object.entries(raw)) out[key] = typeof value === "string" ? value.trim() : value;
  const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
  for (const [key, field] of Object.entries(shape))
    if (unwrap(field) instanceof z.ZodBoolean) out[key] = out[key] === "on" || out[key] === "true";
  return out;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}
