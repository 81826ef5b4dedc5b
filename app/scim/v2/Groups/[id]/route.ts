import { getScimGroup } from "@/lib/scim/groups-read";
import { deleteScimGroup, patchScimGroup, replaceScimGroup } from "@/lib/scim/groups-write";
import { listQuery } from "@/lib/scim/list-query";
import { methodNotAllowed, scimJson, scimRoute } from "@/lib/scim/route";

// One SCIM Group: read, replace, patch (members, rename), delete. A PATCH answers 204
// (RFC 7644 §3.5.2 allows it): groups can be large, and IdPs do not read the body.
export const GET = scimRoute({}, async ({ caller, url, params }) => scimJson(await getScimGroup(caller, params.id ?? "", listQuery(url))));

export const PUT = scimRoute({ body: true }, async ({ caller, url, params, body }) => {
  await replaceScimGroup(caller, params.id ?? "", body);
  return scimJson(await getScimGroup(caller, params.id ?? "", listQuery(url)));
});

export const PATCH = scimRoute({ body: true }, async ({ caller, params, body }) => {
  await patchScimGroup(caller, params.id ?? "", body);
  return scimJson(null, 204);
});

export const DELETE = scimRoute({}, async ({ caller, params }) => {
  await deleteScimGroup(caller, params.id ?? "");
  return scimJson(null, 204);
});
export const POST = methodNotAllowed;
