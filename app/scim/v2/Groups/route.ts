import { getScimGroup, listScimGroups } from "@/lib/scim/groups-read";
import { createScimGroup } from "@/lib/scim/groups-write";
import { listQuery } from "@/lib/scim/list-query";
import { methodNotAllowed, scimJson, scimRoute } from "@/lib/scim/route";
import { scimBaseUrl } from "@/lib/scim/scimmy";

// SCIM Groups (RFC 7644 §3.3, §3.4.2): list or look up by filter, create with members.
export const GET = scimRoute({}, async ({ caller, url }) => scimJson(await listScimGroups(caller, listQuery(url))));

export const POST = scimRoute({ body: true }, async ({ caller, url, body }) => {
  const id = await createScimGroup(caller, body);
  const group = await getScimGroup(caller, id, listQuery(url));
  return scimJson(group, 201, { Location: `${scimBaseUrl()}/Groups/${id}` });
});
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
