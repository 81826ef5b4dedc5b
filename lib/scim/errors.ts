import { AppError, isDatabaseUnavailable, DATABASE_RETRY_AFTER_SECONDS } from "@/lib/errors";
import { logger } from "@/lib/logger";

// SCIM answers errors in its own format (RFC 7644 §3.12), not problem+json: IdPs read
// `status` (a string), `scimType` and `detail`. This maps SCIM errors and Keyless's domain
// errors to it, in one place; anything unexpected is a logged 500 with a generic detail.

export const SCIM_CONTENT_TYPE = "application/scim+json";
const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export type ScimType =
  | "uniqueness"
  | "tooMany"
  | "invalidFilter"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export const notFound = (what: string) => new ScimError(404, undefined, `${what} not found.`);

/** Keyless's own errors, as the nearest SCIM error. */
function fromAppError(error: AppError): ScimError {
  const headers: Record<string, string> = {};
  if (typeof error.extra.retryAfter === "number") headers["Retry-After"] = String(error.extra.retryAfter);
  if (error.status === 409) return new ScimError(409, undefined, error.message, headers);
  if (error.status === 400 || error.status === 422) return new ScimError(400, "invalidValue", error.message, headers);
  return new ScimError(error.status, undefined, error.message, headers);
}

export function scimJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": SCIM_CONTENT_TYPE, "Cache-Control": "no-store", ...headers },
  });
}

export function scimErrorResponse(error: unknown, requestId: string): Response {
  let scim: ScimError;
  if (error instanceof ScimError) scim = error;
  else if (isDatabaseUnavailable(error)) {
    logger().warn({ err: error, requestId }, "database unavailable");
    scim = new ScimError(503, undefined, "The database is unavailable right now. Try again in a few seconds.", {
      "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS),
    });
  } else if (error instanceof AppError) scim = fromAppError(error);
  else {
    logger().error({ err: error, requestId }, "unhandled SCIM error");
    scim = new ScimError(500, undefined, `Something went wrong on our side. Quote request id ${requestId} when reporting it.`);
  }
  const body = {
    schemas: [ERROR_SCHEMA],
    status: String(scim.status),
    ...(scim.scimType ? { scimType: scim.scimType } : {}),
    detail: scim.message,
  };
  return scimJson(body, scim.status, scim.headers);
}
