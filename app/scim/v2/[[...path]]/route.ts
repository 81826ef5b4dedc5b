import { noSuchResource } from "@/lib/scim/route";

// Any /scim/v2 path that is no resource (Bulk, Me, a typo) answers a SCIM 404, after the
// token check like every other SCIM path, rather than Next.js's HTML page.
export const GET = noSuchResource;
export const POST = noSuchResource;
export const PUT = noSuchResource;
export const PATCH = noSuchResource;
export const DELETE = noSuchResource;
