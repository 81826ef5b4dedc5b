import { schemas } from "@/lib/scim/discovery";
import { methodNotAllowed, scimJson, scimRoute } from "@/lib/scim/route";

export const GET = scimRoute({}, async ({ params }) => scimJson(await schemas(params.id ?? "")));
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
