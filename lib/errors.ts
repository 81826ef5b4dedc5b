import { z } from "zod";

// Domain errors and their one mapping to HTTP (RFC 9457 problem+json). Routes and actions
// throw these; lib/api/route.ts turns them into responses. Anything else is a 500 with a
// generic message and the request id, and is logged in full.

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
};

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Sign in to continue.") {
    super(401, "unauthorized", "Unauthorized", message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "You do not have permission to do this.", extra: Record<string, unknown> = {}) {
    super(403, "forbidden", "Forbidden", message, extra);
  }
}
export class NotFoundError extends AppError {
  constructor(what = "The resource") {
    super(404, "not-found", "Not found", `${what} was not found.`);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(409, "conflict", "Conflict", message, extra);
  }
}
export class BadRequestError extends AppError {
  constructor(message: string) {
    super(400, "bad-request", "Bad request", message);
  }
}
export class ValidationError extends AppError {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(422, "validation", "Invalid input", message, { errors: issues });
  }
  static fromZod(error: z.ZodError, what = "The request"): ValidationError {
    const issues = error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message }));
    const first = issues[0];
    const summary = first ? `${first.path}: ${first.message}` : "invalid";
    return new ValidationError(`${what} is invalid: ${summary}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}.`, issues);
  }
}
export class RateLimitError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, "rate-limited", "Too many requests", `Too many requests. Try again in ${retryAfterSeconds} seconds.`, {
      retryAfter: retryAfterSeconds,
    });
  }
}
/** An upstream service (AWS, a target, the IdP) failed or is unreachable. */
export class UpstreamError extends AppError {
  constructor(service: string, message: string, status = 502) {
    super(status, "upstream", `${service} error`, message, { service });
  }
}
export class UnavailableError extends AppError {
  constructor(message: string) {
    super(503, "unavailable", "Service unavailable", message);
  }
}

export function toProblem(error: AppError, requestId?: string): Problem {
  return {
    type: `https://keyless.dev/problems/${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    ...error.extra,
    ...(requestId ? { requestId } : {}),
  };
}

export function internalProblem(requestId?: string): Problem {
  return {
    type: "https://keyless.dev/problems/internal",
    title: "Internal error",
    status: 500,
    detail: `Something went wrong on our side. Quote request id ${requestId ?? "(none)"} when reporting it.`,
    ...(requestId ? { requestId } : {}),
  };
}
