import { schemas } from "@/lib/scim/discovery";
import { methodNotAllowed, scimJson, scimRoute } from "@/lib/scim/route";

// The schemas of Keyless's resources (RFC 7643 §7), as scimmy declares them.
export const GET = scimRoute({}, async () => scimJson(await schemas()));
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
