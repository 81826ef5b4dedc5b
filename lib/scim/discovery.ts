import "server-only";
import { plain, scimmy, viaScimmyAsync } from "@/lib/scim/scimmy";

// The discovery endpoints (RFC 7644 §4): what Keyless supports, its resource types and
// their schemas, as scimmy describes them from the declarations in lib/scim/scimmy.ts.
// They hold nothing about people; like every SCIM path, they still need the token.

export async function serviceProviderConfig(): Promise<Record<string, unknown>> {
  const { Resources } = scimmy();
  return plain(await viaScimmyAsync(() => new Resources.ServiceProviderConfig().read()));
}

/** All resource types (a ListResponse), or the one named `id` (404 when unknown). */
export async function resourceTypes(id?: string): Promise<Record<string, unknown>> {
  const { Resources } = scimmy();
  return plain(
    await viaScimmyAsync(() => (id === undefined ? new Resources.ResourceType().read() : new Resources.ResourceType(id).read())),
  );
}

/** All schemas (a ListResponse), or the one with URN `id` (404 when unknown). */
export async function schemas(id?: string): Promise<Record<string, unknown>> {
  const { Resources } = scimmy();
  return plain(await viaScimmyAsync(() => (id === undefined ? new Resources.Schema().read() : new Resources.Schema(id).read())));
}
