import "server-only";
import SCIMMY from "scimmy";
import { env } from "@/lib/env";
import { ScimError, type ScimType } from "@/lib/scim/errors";

// scimmy (RFC 7643/7644) gives Keyless its schemas, the filter parser and the PATCH
// engine; Keyless keeps the storage, the transactions and the lifecycle. scimmy holds its
// schemas, resource types and service provider configuration in module-level singletons,
// so they are declared once per process, with the app's public base URL (meta.location).

export const SCIM_BASE_PATH = "/scim/v2";
/** The most resources one list answer holds (ServiceProviderConfig filter.maxResults). */
export const MAX_RESULTS = 200;

export const SCHEMA_IDS = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  enterpriseUser: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  listResponse: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  patchOp: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
} as const;

export function scimBaseUrl(): string {
  return new URL(SCIM_BASE_PATH, env().AUTH_URL).toString();
}

/** scimmy, set up for Keyless: Users (with the enterprise extension) and Groups. */
export function scimmy(): typeof SCIMMY {
  const { Resources, Schemas, Config } = SCIMMY;
  if (Resources.declared("User")) return SCIMMY;
  const base = scimBaseUrl();
  Resources.declare(Resources.User, { basepath: base, extensions: [{ schema: Schemas.EnterpriseUser, required: false }] });
  Resources.declare(Resources.Group, { basepath: base });
  Resources.Schema.basepath(base);
  Resources.ResourceType.basepath(base);
  Resources.ServiceProviderConfig.basepath(base);
  Config.set({
    patch: true,
    filter: { supported: true, maxResults: MAX_RESULTS },
    bulk: false,
    sort: false,
    etag: false,
    changePassword: false,
    // Reset first: scimmy appends authentication schemes on every set().
    authenticationSchemes: [],
  });
  Config.set({
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description: "The token configured in Keyless as KEYLESS_SCIM_TOKEN, sent as Authorization: Bearer <token>.",
        specUri: "https://www.rfc-editor.org/rfc/rfc6750",
        primary: true,
      },
    ],
  });
  return SCIMMY;
}

/**
 * Runs scimmy code. scimmy reports bad input with its own SCIM errors, but also with plain
 * TypeErrors (schema coercion, a filter it cannot read): those are the client's fault here,
 * so they become a 400 with the given scimType instead of a 500.
 */
export function viaScimmy<T>(fn: () => T, scimType: ScimType = "invalidValue"): T {
  try {
    return fn();
  } catch (error) {
    throw fromScimmyError(error, scimType);
  }
}

export async function viaScimmyAsync<T>(fn: () => Promise<T>, scimType: ScimType = "invalidValue"): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw fromScimmyError(error, scimType);
  }
}

function fromScimmyError(error: unknown, scimType: ScimType): unknown {
  if (error instanceof SCIMMY.Types.Error) {
    const status = Number(error.status);
    // scimmy's own 5xx ("unexpected value from handler") would be a bug of ours: keep it loud.
    if (status >= 500) return error;
    return new ScimError(status, (error.scimType as ScimType | undefined) ?? undefined, error.message);
  }
  if (error instanceof TypeError) return new ScimError(400, scimType, error.message);
  return error;
}

/** A scimmy schema instance as the plain JSON it serialises to (drops never-returned attributes). */
export function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
