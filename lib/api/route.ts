import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import type { RequestMeta, UserCaller } from "@/lib/auth/caller";
import { sessionCookieName } from "@/lib/auth/cookies";
import { requirePermission } from "@/lib/auth/guard";
import { lookupCaller, unauthenticated, type CallerCredential } from "@/lib/auth/session-lookup";
import { env } from "@/lib/env";
import {
  AppError,
  BadRequestError,
  databaseUnavailableError,
  ForbiddenError,
  internalProblem,
  isDatabaseUnavailable,
  toProblem,
  UnauthorizedError,
  ValidationError,
} from "@/lib/errors";
import { crossSiteRefusal, PROBLEM_HEADERS } from "@/lib/http/edge-policy";
import { BodyTooLargeError, readLimitedText } from "@/lib/http/limited-body";
import { requestMetaFrom } from "@/lib/http/request-meta";
import { serverTimingHeader, timed } from "@/lib/http/server-timing";
import { logger } from "@/lib/logger";
import type { Permission } from "@/lib/permissions";

// Every /api/v1 handler is built with route(): it names its permission (or "public"),
// validates params, query and body with zod, resolves the caller from the session cookie
// or a bearer token, refuses cross-site state changes, and maps errors to problem+json.

const MAX_BODY_BYTES = 64 * 1024;

type Ctx<P, Q, B, Auth, R> = {
  request: NextRequest;
  caller: Auth;
  /** What the request presented (cookie or bearer token), or null. Routes with `lookup: "in-handler"` resolve it themselves. */
  credential: CallerCredential | null;
  params: P;
  query: Q;
  body: B;
  requestId: string;
  /** Request id, client IP and user agent (for audit entries and per-address limits). */
  meta: RequestMeta;
  /** Sends `data` through the route's `response` schema (unknown keys dropped) as JSON. */
  reply: (data: R, init?: { status?: number; headers?: Record<string, string> }) => Response;
};

type Access = Permission | "public";
type Lookup = "route" | "in-handler";
type CallerFor<A extends Access, L extends Lookup = "route"> = L extends "in-handler"
  ? null
  : A extends "public"
    ? UserCaller | null
    : UserCaller;

/** What a route declares about itself: lib/api/openapi.ts documents the API from it. */
export type RouteMeta = {
  permission: Access;
  summary?: string;
  description?: string;
  tags?: string[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success response's body (JSON unless `contentType` says otherwise). */
  response?: z.ZodType;
  /** Success status (default 200; 204 means no body). */
  status?: number;
  /** For responses that are not JSON (e.g. "text/csv"). */
  contentType?: string;
  /** Error statuses worth documenting beyond those every route may answer. */
  errors?: number[];
  /** Not an operation (the API's catch-all 404): left out of the OpenAPI document. */
  hidden?: boolean;
};

type Options<A extends Access, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType, L extends Lookup> = {
  /** "public" routes need no caller; every other route names the permission it needs. */
  permission: A;
  /**
   * "in-handler": the route does not look the caller up first; the handler passes `credential`
   * to a DAL function that resolves it inside its own statement and checks `permission` itself
   * (credential vending: one round trip before STS, lib/credentials/preflight.ts). A request
   * with no credential is still refused here, and a cookie's cross-site check still runs first.
   */
  lookup?: L;
  summary?: string;
  description?: string;
  tags?: string[];
  params?: P;
  query?: Q;
  body?: B;
  response?: R;
  status?: number;
  contentType?: string;
  errors?: number[];
  hidden?: boolean;
  handler: (ctx: Ctx<z.infer<P>, z.infer<Q>, z.infer<B>, CallerFor<A, L>, z.input<R>>) => Promise<Response>;
};

export type RouteHandler = ((request: NextRequest, context: RouteContext) => Promise<Response>) & { meta: RouteMeta };

export type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function json(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return NextResponse.json(data, { status: init.status ?? 200, headers: { "Cache-Control": "no-store", ...init.headers } });
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}

export function problemResponse(error: unknown, requestId: string): Response {
  if (error instanceof z.ZodError) error = ValidationError.fromZod(error);
  if (isDatabaseUnavailable(error)) {
    logger().warn({ err: error, requestId }, "database unavailable");
    error = databaseUnavailableError();
  }
  if (error instanceof AppError) {
    const headers: Record<string, string> = { ...PROBLEM_HEADERS };
    if (typeof error.extra.retryAfter === "number") headers["Retry-After"] = String(error.extra.retryAfter);
    if (error.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="keyless"';
    return new Response(JSON.stringify(toProblem(error, requestId)), { status: error.status, headers });
  }
  logger().error({ err: error, requestId }, "unhandled error");
  return new Response(JSON.stringify(internalProblem(requestId)), { status: 500, headers: PROBLEM_HEADERS });
}

async function readBody(request: NextRequest): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  const text = await readLimitedText(request, MAX_BODY_BYTES).catch((error: unknown) => {
    if (error instanceof BodyTooLargeError) throw new AppError(413, "too-large", "Payload too large", error.message);
    throw error;
  });
  if (text.trim() === "") return {};
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError(415, "unsupported-media-type", "Unsupported media type", "Send the body as application/json.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError("The body is not valid JSON.");
  }
}

/** Where a NUL character hides in a value (PostgreSQL text cannot hold one: it would be a 500). */
function nulAt(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "(root)" : null;
  if (depth > 64 || value === null || typeof value !== "object") return null;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes("\u0000")) return [...path, k.replace(/\u0000/g, "\\0")].join(".");
    const found = nulAt(v, [...path, k], depth + 1);
    if (found) return found;
  }
  return null;
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, what: string): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  const nul = nulAt(value);
  if (nul)
    throw new ValidationError(`${what} is invalid: ${nul}: must not contain NUL characters.`, [
      { path: nul, message: "must not contain NUL characters" },
    ]);
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(result.error, what);
  return result.data;
}

/** What the request presents: a bearer token (the CLI), or the session cookie (the browser), or nothing. */
function credentialFrom(request: NextRequest, meta: RequestMeta): CallerCredential | null {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) throw new UnauthorizedError("The Authorization header must be “Bearer <token>”.");
    return { kind: "token", token: match[1], request: meta };
  }
  const token = request.cookies.get(sessionCookieName())?.value;
  return token ? { kind: "session", token, request: meta } : null;
}

/** A cookie-borne mutation from another site is refused (CSRF), whoever the cookie names. */
function refuseCrossSite(request: NextRequest, credential: CallerCredential | null): void {
  if (credential?.kind !== "session") return;
  const crossSite = crossSiteRefusal(request.method, request.headers, new URL(env().AUTH_URL).origin);
  if (crossSite) throw new ForbiddenError(crossSite);
}

async function resolveCaller(credential: CallerCredential | null): Promise<UserCaller | null> {
  if (!credential) return null;
  const caller = await lookupCaller(credential);
  if (!caller && credential.kind === "token") throw unauthenticated(credential);
  return caller;
}

export function route<
  A extends Access,
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodUndefined,
  L extends Lookup = "route",
>(options: Options<A, P, Q, B, R, L>): RouteHandler {
  const { handler: _handler, ...declared } = options;
  async function handle(request: NextRequest, context: RouteContext): Promise<Response> {
    const started = performance.now();
    const meta = requestMetaFrom(request.headers);
    const reply = (data: z.input<R>, init: { status?: number; headers?: Record<string, string> } = {}): Response => {
      if (!options.response) throw new Error("reply() needs the route's `response` schema");
      const t = meta.timings ? performance.now() : 0;
      const response = json(options.response.parse(data), { status: init.status ?? options.status, headers: init.headers });
      meta.timings?.push(["reply", performance.now() - t]);
      return response;
    };
    let status = 500;
    let credential: CallerCredential | null = null;
    try {
      credential = credentialFrom(request, meta);
      let caller: UserCaller | null = null;
      if (options.lookup === "in-handler") {
        if (!credential && options.permission !== "public") throw unauthenticated(null);
        refuseCrossSite(request, credential);
      } else {
        caller = await timed(meta, "caller", () => resolveCaller(credential));
        if (caller) refuseCrossSite(request, credential);
        if (options.permission !== "public") {
          if (!caller) throw unauthenticated(credential);
          await requirePermission(caller, options.permission);
        }
      }
      const params = parse(options.params, await context.params, "The path");
      const query = parse(options.query, Object.fromEntries(request.nextUrl.searchParams), "The query");
      const body = options.body ? parse(options.body, await readBody(request), "The body") : (undefined as z.infer<B>);
      const response = await options.handler({
        request,
        caller: caller as CallerFor<A, L>,
        credential,
        params,
        query,
        body,
        requestId: meta.requestId,
        meta,
        reply,
      });
      status = response.status;
      response.headers.set("x-request-id", meta.requestId);
      if (meta.timings) {
        meta.timings.push(["app", performance.now() - started]);
        response.headers.set("Server-Timing", serverTimingHeader(meta.timings));
      }
      return response;
    } catch (error) {
      const response = problemResponse(error, meta.requestId);
      status = response.status;
      response.headers.set("x-request-id", meta.requestId);
      return response;
    } finally {
      logger().info(
        {
          requestId: meta.requestId,
          method: request.method,
          path: request.nextUrl.pathname,
          status,
          userId: credential?.resolved?.userId,
          ms: Math.round(performance.now() - started),
        },
        "api request",
      );
    }
  }
  const meta: RouteMeta = declared;
  return Object.assign(handle, { meta });
}
