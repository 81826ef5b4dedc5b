import { z } from "zod";
import { route } from "@/lib/api/route";
import { NotFoundError } from "@/lib/errors";

// Any /api/v1 path that is no operation answers like every other API error: a 404
// problem+json, not Next.js's HTML page. Not an operation, so not in the OpenAPI document.
const notFound = route({
  permission: "public",
  hidden: true,
  params: z.object({ path: z.array(z.string()).optional() }),
  handler: async () => {
    throw new NotFoundError("This API path");
  },
});

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
