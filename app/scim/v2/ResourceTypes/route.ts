import { resourceTypes } from "@/lib/scim/discovery";
import { methodNotAllowed, scimJson, scimRoute } from "@/lib/scim/route";

// The resource types Keyless serves: User (with the enterprise extension) and Group.
export const GET = scimRoute({}, async () => scimJson(await resourceTypes()));
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
