import { ruleBook, ruleBookAllows, type Access, type RuleBook, type RuleBookRole } from "../../../test/support/rule-book";
import { USERS, type DemoUser } from "../../users";
import type { ApiEntry, Caller } from "./api-matrix";
import { as } from "./fixtures";
import { api, json } from "./http";

// What a caller may do, according to the rule book written by hand (docs/permissions.md), never
// the app's own permissions table or its OpenAPI document: an operation's or action's
// permission and each role's grants come from the rule book; each person's roles from
// /api/v1/me (the real group mapping, pinned by access-matrix.spec.ts). The OpenAPI document
// only says which operations exist, so one missing from the rule book fails the matrix.

export type OpenApi = { paths: Record<string, Record<string, unknown>> };
export type MatrixContext = { doc: OpenApi; book: RuleBook; roles: Record<DemoUser, RuleBookRole[]> };

export async function loadMatrixContext(): Promise<MatrixContext> {
  const doc = json<OpenApi>(await api({}, "GET", "/api/v1/openapi.json"));
  const roles = {} as Record<DemoUser, RuleBookRole[]>;
  for (const user of Object.keys(USERS) as DemoUser[])
    roles[user] = json<{ roles: RuleBookRole[] }>(await api(as(user), "GET", "/api/v1/me")).roles;
  return { doc, book: ruleBook(), roles };
}

/** "POST /api/v1/credentials", … for every operation of the document. */
export const opKeys = (doc: OpenApi) =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));

/** The permission the rule book gives an operation ("METHOD /path") or a server action ("file#export"). */
export function accessOf(ctx: MatrixContext, key: string): Access {
  const access = key.includes("#") ? ctx.book.actions.get(key) : ctx.book.operations.get(key);
  if (access === undefined) throw new Error(`${key} is not in the rule book (docs/permissions.md): add it there with its permission`);
  return access;
}

export function may(ctx: MatrixContext, caller: Caller, access: Access): boolean {
  return ruleBookAllows(ctx.book, caller === "anonymous" ? "anonymous" : ctx.roles[caller], access);
}

export function expectedStatus(ctx: MatrixContext, key: string, entry: ApiEntry, caller: Caller): number {
  const special = entry.special?.[caller];
  if (special) return special.status;
  const access = accessOf(ctx, key);
  if (may(ctx, caller, access)) return entry.ok;
  return caller === "anonymous" ? 401 : 403;
}

export const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
