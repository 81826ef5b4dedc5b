import { z } from "zod";
import { accountIdSchema } from "@/lib/accounts/schemas";
import { KEY_STATES, type KeyState } from "@/lib/inventory/key-age-state";

// The filters of the keys table, the API (`GET /api/v1/keys`) and the CSV export: one
// schema so the three always accept the same thing. Empty parameters (`?state=&q=`) mean
// "no filter", as a form submits them.

export const SORT_FIELDS = ["age", "lastUsed", "userName", "accountId", "state", "accessKeyId"] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const SORTS = SORT_FIELDS.flatMap((f) => [f, `-${f}`] as const);
export type Sort = (typeof SORTS)[number];
export const DEFAULT_SORT: Sort = "-age";

/** `?state=`: one or more states, comma-separated, or "all" (the keys page's State select reads it too). */
export const stateListSchema = z
  .string()
  .trim()
  .transform((s, ctx): KeyState[] | "all" => {
    if (s === "all") return "all";
    const parts = [
      ...new Set(
        s
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean),
      ),
    ];
    const unknown = parts.filter((p) => !(KEY_STATES as readonly string[]).includes(p));
    if (unknown.length || parts.length === 0) {
      ctx.addIssue({
        code: "custom",
        message: `Unknown state “${unknown.join(", ")}”: use ${KEY_STATES.join(", ")} or all (comma-separated).`,
      });
      return z.NEVER;
    }
    return parts as KeyState[];
  });

export const keyFiltersSchema = z.object({
  /** One or more states, comma-separated, or "all". Without it: every key not deleted. */
  state: stateListSchema.optional(),
  accountId: accountIdSchema.optional(),
  /** Part of an access key id or a user name. */
  q: z.string().trim().max(128).optional(),
  /** An owner's email, or "none" for keys nobody owns. */
  owner: z.string().trim().toLowerCase().max(320).optional(),
  /** An integration id, "any" (linked to one) or "none". */
  integrationId: z.string().trim().max(64).optional(),
});

const dropEmpty = (v: unknown) =>
  v && typeof v === "object"
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== "" && x !== undefined))
    : v;

export const keysQuerySchema = z.preprocess(
  dropEmpty,
  keyFiltersSchema.extend({
    sort: z.enum(SORTS).default(DEFAULT_SORT),
    cursor: z.string().max(1024).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  }),
);
export type KeysQuery = z.infer<typeof keysQuerySchema>;
export type KeyFilters = z.infer<typeof keyFiltersSchema>;

/** The export takes the filters and sort of the table, never a page. */
export const keysExportSchema = z.preprocess(dropEmpty, keyFiltersSchema.extend({ sort: z.enum(SORTS).default(DEFAULT_SORT) }));

export function sortParts(sort: Sort): { field: SortField; descending: boolean } {
  const descending = sort.startsWith("-");
  return { field: (descending ? sort.slice(1) : sort) as SortField, descending };
}
