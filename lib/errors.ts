import { z } from "zod";
import { problem, type Problem } from "@/lib/http/edge-policy";

// Domain errors and their one mapping to HTTP (RFC 9457 problem+json). Routes and actions
// throw these; lib/api/route.ts turns them into responses. Anything else is a 500 with a
// generic message and the request id, and is logged in full.

export type { Problem };

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
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(503, "unavailable", "Service unavailable", message, extra);
  }
}

// Connection-level database failures: Postgres down, restarting, failing over, out of
// connections. They say nothing about the request, and clear up by themselves, so they
// are a 503 with Retry-After, never a 500. Found on pg errors (SQLSTATE class 08, 57P01-03,
// 53300; socket errors) and on Prisma's wrapping of them (P1001…, the driver adapter's kind).
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;
const UNAVAILABLE_SOCKET = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
]);
const UNAVAILABLE_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const UNAVAILABLE_ADAPTER = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|the database system is (shutting down|starting up|not yet accepting connections|in recovery mode)|terminating connection due to administrator command|Can't reach database server|Server has closed the connection/i;

function unavailableHere(e: Record<string, unknown>): boolean {
  const code = typeof e.code === "string" ? e.code : "";
  if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET.has(code) || UNAVAILABLE_PRISMA.has(code)) return true;
  if (typeof e.kind === "string" && UNAVAILABLE_ADAPTER.has(e.kind)) return true;
  return typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message);
}

/** Whether an error means the database cannot be reached right now (not a bad query). */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== "object" || error === null) return false;
  if (error instanceof AppError) return false;
  const e = error as Record<string, unknown>;
  if (unavailableHere(e)) return true;
  const meta = e.meta as { driverAdapterError?: { cause?: unknown } } | undefined;
  const nested = [e.cause, meta?.driverAdapterError?.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])];
  return nested.some((n) => isDatabaseUnavailable(n, depth + 1));
}

export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function databaseUnavailableError(): UnavailableError {
  return new UnavailableError("The database is unavailable right now. Try again in a few seconds.", {
    retryAfter: DATABASE_RETRY_AFTER_SECONDS,
  });
}

export function toProblem(error: AppError, requestId?: string): Problem {
  return problem(error.status, error.code, error.title, error.message, { ...error.extra, ...(requestId ? { requestId } : {}) });
}

export function internalProblem(requestId?: string): Problem {
  return problem(
    500,
    "internal",
    "Internal error",
    `Something went wrong on our side. Quote request id ${requestId ?? "(none)"} when reporting it.`,
    {
      ...(requestId ? { requestId } : {}),
    },
  );
}
