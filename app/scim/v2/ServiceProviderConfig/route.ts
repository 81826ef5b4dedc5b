import { serviceProviderConfig } from "@/lib/scim/discovery";
import { methodNotAllowed, scimJson, scimRoute } from "@/lib/scim/route";

// What Keyless's SCIM service supports (RFC 7644 §4): PATCH and filters, no bulk, sort or ETags.
export const GET = scimRoute({}, async () => scimJson(await serviceProviderConfig()));
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
