import { listQuery } from "@/lib/scim/list-query";
import { methodNotAllowed, scimJson, scimRoute } from "@/lib/scim/route";
import { scimBaseUrl } from "@/lib/scim/scimmy";
import { getScimUser, listScimUsers } from "@/lib/scim/users-read";
import { createScimUser } from "@/lib/scim/users-write";

// SCIM Users (RFC 7644 §3.3, §3.4.2): list or look up by filter, create (or adopt).
export const GET = scimRoute({}, async ({ caller, url }) => scimJson(await listScimUsers(caller, listQuery(url))));

export const POST = scimRoute({ body: true }, async ({ caller, url, body }) => {
  const { id } = await createScimUser(caller, body);
  const user = await getScimUser(caller, id, listQuery(url));
  return scimJson(user, 201, { Location: `${scimBaseUrl()}/Users/${id}` });
});
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
