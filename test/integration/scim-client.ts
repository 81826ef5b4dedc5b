import * as groupRoute from "@/app/scim/v2/Groups/[id]/route";
import * as groupsRoute from "@/app/scim/v2/Groups/route";
import * as resourceTypeRoute from "@/app/scim/v2/ResourceTypes/[id]/route";
import * as resourceTypesRoute from "@/app/scim/v2/ResourceTypes/route";
import * as schemaRoute from "@/app/scim/v2/Schemas/[id]/route";
import * as schemasRoute from "@/app/scim/v2/Schemas/route";
import * as configRoute from "@/app/scim/v2/ServiceProviderConfig/route";
import * as userRoute from "@/app/scim/v2/Users/[id]/route";
import * as usersRoute from "@/app/scim/v2/Users/route";
import * as fallbackRoute from "@/app/scim/v2/[[...path]]/route";
import { env } from "@/lib/env";

// A SCIM client for integration tests: requests go to the real route handlers (the SCIM
// wrapper, the DAL, Postgres), as an IdP would send them, without an HTTP server.

export const SCIM_TOKEN = process.env.KEYLESS_SCIM_TOKEN ?? "";
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[] | undefined> | undefined> },
) => Promise<Response>;
type Module = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;

const ROUTES: [RegExp, Module, string?][] = [
  [/^\/Users$/, usersRoute],
  [/^\/Users\/([^/]+)$/, userRoute, "id"],
  [/^\/Groups$/, groupsRoute],
  [/^\/Groups\/([^/]+)$/, groupRoute, "id"],
  [/^\/ServiceProviderConfig$/, configRoute],
  [/^\/ResourceTypes$/, resourceTypesRoute],
  [/^\/ResourceTypes\/([^/]+)$/, resourceTypeRoute, "id"],
  [/^\/Schemas$/, schemasRoute],
  [/^\/Schemas\/([^/]+)$/, schemaRoute, "id"],
];

export type ScimAnswer = { status: number; body: Record<string, unknown> & { Resources?: Record<string, unknown>[] }; headers: Headers };

export type ScimOptions = { token?: string | null; contentType?: string; raw?: string; ip?: string };

export async function scim(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  opts: ScimOptions = {},
): Promise<ScimAnswer> {
  const url = new URL(`/scim/v2${path}`, env().AUTH_URL);
  const resource = url.pathname.replace(/^\/scim\/v2/, "");
  const match = ROUTES.map(([re, mod, param]) => ({ m: re.exec(resource), mod, param })).find((r) => r.m);
  const handler = (match?.mod ?? fallbackRoute)[method];
  if (!handler) throw new Error(`no ${method} handler for ${resource}`);
  // As Next.js passes them: undefined for a route without dynamic segments.
  const params: Record<string, string | string[]> | undefined = !match
    ? { path: resource.split("/").filter(Boolean) }
    : match.param
      ? { [match.param]: decodeURIComponent(match.m![1]!) }
      : undefined;
  const headers = new Headers({ "x-forwarded-for": opts.ip ?? "198.51.100.7", "user-agent": "Okta SCIM Client 1.0.0" });
  const token = opts.token === undefined ? SCIM_TOKEN : opts.token;
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  const text = opts.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  if (text !== undefined) headers.set("content-type", opts.contentType ?? "application/scim+json");
  const response = await handler(new Request(url, { method, headers, body: text }), { params: Promise.resolve(params) });
  const answer = await response.text();
  return { status: response.status, body: answer ? (JSON.parse(answer) as ScimAnswer["body"]) : {}, headers: response.headers };
}

export const patchOp = (...Operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations });

/** A user as Okta's SCIM 2.0 app creates it. */
export function oktaUser(email: string, extra: Record<string, unknown> = {}) {
  const [given = "Test", family = "Person"] = email.split("@")[0]!.split(/[.-]/);
  return {
    schemas: [USER_SCHEMA],
    userName: email,
    name: { givenName: given, familyName: family },
    emails: [{ primary: true, value: email, type: "work" }],
    displayName: `${given} ${family}`,
    locale: "en-US",
    externalId: `00u${Math.random().toString(36).slice(2, 12)}`,
    groups: [],
    password: "Okta-Sends-This-1!",
    active: true,
    ...extra,
  };
}

/** A user as Microsoft Entra ID's provisioning service creates it. */
export function entraUser(email: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER_SCHEMA, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    externalId: email.split("@")[0],
    userName: email,
    active: true,
    displayName: "Entra Person",
    emails: [{ primary: true, type: "work", value: email }],
    meta: { resourceType: "User" },
    name: { formatted: "Entra Person", familyName: "Person", givenName: "Entra" },
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Engineering", employeeNumber: "1234" },
    ...extra,
  };
}
