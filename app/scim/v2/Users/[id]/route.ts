import { listQuery } from "@/lib/scim/list-query";
import { methodNotAllowed, scimJson, scimRoute } from "@/lib/scim/route";
import { getScimUser } from "@/lib/scim/users-read";
import { deleteScimUser, patchScimUser, replaceScimUser } from "@/lib/scim/users-write";

// One SCIM User (RFC 7644 §3.4.1, §3.5, §3.6): read, replace, patch, delete (deprovision).
export const GET = scimRoute({}, async ({ caller, url, params }) => scimJson(await getScimUser(caller, params.id ?? "", listQuery(url))));

export const PUT = scimRoute({ body: true }, async ({ caller, url, params, body }) => {
  await replaceScimUser(caller, params.id ?? "", body);
  return scimJson(await getScimUser(caller, params.id ?? "", listQuery(url)));
});

export const PATCH = scimRoute({ body: true }, async ({ caller, url, params, body }) => {
  await patchScimUser(caller, params.id ?? "", body);
  return scimJson(await getScimUser(caller, params.id ?? "", listQuery(url)));
});

export const DELETE = scimRoute({}, async ({ caller, params }) => {
  await deleteScimUser(caller, params.id ?? "");
  return scimJson(null, 204);
});
export const POST = methodNotAllowed;
