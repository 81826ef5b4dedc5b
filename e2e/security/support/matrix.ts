import { hasPermission, type Permission, type Role } from "../../../lib/permissions";
import { USERS, type DemoUser } from "../../users";
import type { ApiEntry, Caller } from "./api-matrix";
import { as } from "./fixtures";
import { api, json } from "./http";

// What the permissions table says a caller may do: the operations and their permissions come
// from the app's own OpenAPI document (x-keyless-permission), each person's roles from
// /api/v1/me (the real group mapping), the grants from ROLE_PERMISSIONS.

export type OpenApi = { paths: Record<string, Record<string, { "x-keyless-permission"?: string }>> };
export type MatrixContext = { doc: OpenApi; roles: Record<DemoUser, Role[]> };

export async function loadMatrixContext(): Promise<MatrixContext> {
  const doc = json<OpenApi>(await api({}, "GET", "/api/v1/openapi.json"));
  const roles = {} as Record<DemoUser, Role[]>;
  for (const user of Object.keys(USERS) as DemoUser[])
    roles[user] = json<{ roles: Role[] }>(await api(as(user), "GET", "/api/v1/me")).roles;
  return { doc, roles };
}

/** "POST /api/v1/credentials", … for every operation of the document. */
export const opKeys = (doc: OpenApi) =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));

export function permissionOf(doc: OpenApi, key: string): Permission | "public" {
  const [method, path] = key.split(" ") as [string, string];
  const p = doc.paths[path]?.[method.toLowerCase()]?.["x-keyless-permission"];
  if (!p) throw new Error(`${key} names no permission in the OpenAPI document`);
  return p as Permission | "public";
}

export function may(ctx: MatrixContext, caller: Caller, permission: Permission | "public" | "signed-in"): boolean {
  if (permission === "public") return true;
  if (caller === "anonymous") return false;
  return permission === "signed-in" || hasPermission(ctx.roles[caller], permission);
}

export function expectedStatus(ctx: MatrixContext, key: string, entry: ApiEntry, caller: Caller): number {
  const special = entry.special?.[caller];
  if (special) return special.status;
  const permission = permissionOf(ctx.doc, key);
  if (permission === "public") return entry.ok;
  if (caller === "anonymous") return 401;
  return may(ctx, caller, permission) ? entry.ok : 403;
}

export const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
