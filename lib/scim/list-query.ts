import "server-only";
import { Types } from "scimmy";
import { z } from "zod";
import { ScimError } from "@/lib/scim/errors";
import { MAX_RESULTS, viaScimmy } from "@/lib/scim/scimmy";

// The query of a list or read (RFC 7644 §3.4.2): filter, paging, and which attributes to
// return. Paging follows the RFC's leniency (startIndex below 1 is 1, a negative count is
// 0, more than the maximum is the maximum); anything that is not a number, an overlong
// filter or a malformed attribute list is a 400.

export const MAX_FILTER_LENGTH = 1000;
const MAX_ATTRIBUTES = 50;
const ATTRIBUTE_PATH = /^(urn:[\w.:-]+:)?[A-Za-z$][\w$-]*(\.[A-Za-z$][\w$-]*)?$/;

const integer = (name: string) =>
  z
    .string()
    .regex(/^-?\d{1,9}$/, `${name} must be an integer`)
    .transform(Number)
    .optional();

const schema = z.object({
  filter: z.string().max(MAX_FILTER_LENGTH, `the filter must be at most ${MAX_FILTER_LENGTH} characters`).optional(),
  startIndex: integer("startIndex"),
  count: integer("count"),
  attributes: z.string().max(2000).optional(),
  excludedAttributes: z.string().max(2000).optional(),
});

export type ListQuery = {
  filter?: string;
  startIndex: number;
  count: number;
  /** Which attributes to return, as scimmy's attribute filter (undefined: the defaults). */
  attributes?: Types.Filter;
  /** Whether the caller asked to leave out `members` (IdPs do, for large groups). */
  withoutMembers: boolean;
};

export function listQuery(url: URL): ListQuery {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? "query");
    throw new ScimError(400, field === "filter" ? "invalidFilter" : "invalidValue", `${field}: ${issue?.message ?? "invalid"}.`);
  }
  const q = parsed.data;
  const included = attributeList(q.attributes);
  const excluded = attributeList(q.excludedAttributes);
  const { Filter } = Types;
  const attributes = included
    ? viaScimmy(() => new Filter(included.map((a) => `${a} pr`).join(" and ")), "invalidFilter")
    : excluded
      ? viaScimmy(() => new Filter(excluded.map((a) => `${a} np`).join(" and ")), "invalidFilter")
      : undefined;
  const mentionsMembers = (list?: string[]) => list?.some((a) => a.toLowerCase() === "members") ?? false;
  return {
    filter: q.filter?.trim() ? q.filter : undefined,
    startIndex: Math.max(1, q.startIndex ?? 1),
    count: Math.min(MAX_RESULTS, Math.max(0, q.count ?? MAX_RESULTS)),
    attributes,
    withoutMembers: included ? !mentionsMembers(included) : mentionsMembers(excluded),
  };
}

function attributeList(value: string | undefined): string[] | undefined {
  if (value === undefined || !value.trim()) return undefined;
  const names = value.split(",").map((a) => a.trim());
  if (names.length > MAX_ATTRIBUTES || names.some((a) => !ATTRIBUTE_PATH.test(a))) {
    throw new ScimError(400, "invalidFilter", `attributes and excludedAttributes must list up to ${MAX_ATTRIBUTES} attribute names.`);
  }
  return names;
}
