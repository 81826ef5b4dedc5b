import "server-only";
import type { SystemCaller } from "@/lib/auth/caller";
import { requestMetaFrom } from "@/lib/http/request-meta";
import { logger } from "@/lib/logger";
import { authenticateScim, scimEnabled } from "@/lib/scim/auth";
import { checkText, readScimBody } from "@/lib/scim/body";
import { notFound, ScimError, scimErrorResponse, scimJson } from "@/lib/scim/errors";

// Every /scim/v2 handler is built with scimRoute(): SCIM off (no token configured) answers
// 404 to everything; otherwise the bearer token is checked first, the body read within its
// limits, and every error answered in SCIM's format. Handlers stay thin: they call lib/scim.
// SCIM requests carry no cookie and come from the IdP's servers, so there is no cross-site
// check here (proxy.ts leaves /scim/ alone): the bearer token is the only credential.

type Params = Record<string, string | string[] | undefined>;

export type ScimContext = {
  request: Request;
  url: URL;
  caller: SystemCaller;
  params: Record<string, string>;
  /** The parsed body (only for routes declared with `body: true`). */
  body: unknown;
};

type Handler = (ctx: ScimContext) => Promise<Response>;

export function scimRoute(options: { body?: boolean }, handler: Handler) {
  return async function handle(request: Request, context: { params: Promise<Params | undefined> }): Promise<Response> {
    const started = performance.now();
    const meta = requestMetaFrom(request.headers);
    let status = 500;
    try {
      if (!scimEnabled()) throw notFound("This page was");
      const caller = await authenticateScim(request.headers, meta);
      const url = new URL(request.url);
      for (const [key, value] of url.searchParams) checkText(key + value, "The query");
      // Next.js resolves `params` to undefined for a route without dynamic segments.
      const params = flatParams((await context.params) ?? {});
      const body = options.body ? await readScimBody(request) : undefined;
      const response = await handler({ request, url, caller, params, body });
      status = response.status;
      response.headers.set("x-request-id", meta.requestId);
      return response;
    } catch (error) {
      const response = scimErrorResponse(error, meta.requestId);
      status = response.status;
      response.headers.set("x-request-id", meta.requestId);
      return response;
    } finally {
      const path = new URL(request.url).pathname;
      logger().info(
        { requestId: meta.requestId, method: request.method, path, status, ms: Math.round(performance.now() - started) },
        "scim request",
      );
    }
  };
}

function flatParams(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const text = Array.isArray(value) ? value.join("/") : (value ?? "");
    checkText(text, "The path");
    out[key] = text;
  }
  return out;
}

/** The SCIM answer for a path that is no SCIM resource (the catch-all route). */
export const noSuchResource = scimRoute({}, async () => {
  throw notFound("This SCIM resource was");
});

/** For the methods a SCIM path does not have: still 404 while SCIM is off, 401 without the token. */
export const methodNotAllowed = scimRoute({}, async ({ request }) => {
  throw new ScimError(405, undefined, `${request.method} is not supported on this SCIM resource.`);
});

export { scimJson };
