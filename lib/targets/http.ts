import type { z } from "zod";
import { logger } from "@/lib/logger";
import { guardedRequest, ResponseTooLargeError, TargetAddressRefusedError } from "@/lib/net/guarded-request";
import { errorForStatus, redact, serviceMessage, TargetError } from "./errors";
import { targetNetworkPolicy } from "./network-policy";
import type { TargetContext } from "./types";

// One way for connectors to call a service's HTTP API: a timeout on every attempt, bounded
// retries with jittered exponential backoff for failures that can pass (429, 5xx, network,
// timeout), Retry-After honoured, no redirects followed (a redirect could carry the token
// or the secret to another host), connections only to addresses the target policy allows
// (lib/net/target-policy.ts), and errors mapped to TargetError without secrets.

const MAX_ATTEMPTS = 4;
const BASE_DELAY_MS = 250;
const MAX_BACKOFF_MS = 4_000;
/** A longer Retry-After is left to the caller (the rotation job reschedules itself). */
const MAX_RETRY_AFTER_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 10_000;

export type Service = {
  target: string;
  label: string;
  /** What a 404 means for this call's resource. */
  notFound: string;
  /** What a 401/403 means, when not "the API token was refused" (a webhook's signature). */
  refused?: string;
  /** Values that must never reach a message: the token, the secret key. */
  secrets: readonly (string | null | undefined)[];
  signal?: AbortSignal;
  timeoutMs?: number;
};

export type ServiceRequest = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  /** A function is called per attempt, so a signature can carry a fresh timestamp. */
  headers: Record<string, string> | (() => Record<string, string>);
  body?: string;
  /** Failure statuses handed back instead of thrown (a read that may find nothing). */
  accept?: number[];
};

export type ServiceResponse = { status: number; headers: Headers; body: unknown };

export async function callService(service: Service, request: ServiceRequest): Promise<ServiceResponse> {
  for (let attempt = 1; ; attempt++) {
    let failure: TargetError;
    let retryAfterMs: number | undefined;
    try {
      const response = await attemptOnce(service, request);
      if (response.status < 300 || request.accept?.includes(response.status)) return response;
      failure = failureOf(service, response);
      retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
    } catch (error) {
      failure = toTargetError(service, request.url, error);
    }
    const delay = retryAfterMs ?? backoff(attempt);
    if (!failure.retryable || attempt >= MAX_ATTEMPTS || service.signal?.aborted || delay > MAX_RETRY_AFTER_MS) throw failure;
    logger().warn(
      { target: service.target, host: new URL(request.url).host, attempt, reason: failure.reason, status: failure.httpStatus },
      "target call failed; retrying",
    );
    await sleep(delay, service.signal);
  }
}

/** The TargetError for a failed response (for statuses a connector accepted, then judged). */
export function failureOf(service: Service, response: ServiceResponse): TargetError {
  return errorForStatus(response.status, {
    target: service.target,
    label: service.label,
    notFound: service.notFound,
    refused: service.refused,
    serviceMessage: serviceMessage(response.body, service.secrets),
    rateLimited: response.headers.get("x-ratelimit-remaining") === "0" || response.headers.has("retry-after"),
  });
}

async function attemptOnce(service: Service, request: ServiceRequest): Promise<ServiceResponse> {
  const timeout = AbortSignal.timeout(service.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = service.signal ? AbortSignal.any([service.signal, timeout]) : timeout;
  const headers = typeof request.headers === "function" ? request.headers() : request.headers;
  // Connects only to addresses the policy allows, resolved for this very connection.
  const response = await guardedRequest(
    { method: request.method, url: request.url, headers, body: request.body, signal },
    targetNetworkPolicy(),
  );
  const text = response.text;
  let body: unknown = text;
  if (/json/i.test(response.headers.get("content-type") ?? "") || /^\s*[[{]/.test(text)) {
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text: some services label plain-text errors as JSON
    }
  }
  return { status: response.status, headers: response.headers, body };
}

function toTargetError(service: Service, url: string, error: unknown): TargetError {
  if (error instanceof TargetError) return error;
  const host = new URL(url).host;
  if (error instanceof TargetAddressRefusedError) {
    return new TargetError(
      service.target,
      "misconfigured",
      `${service.label}: Keyless does not connect there: ${error.refusal.message}`,
      false,
    );
  }
  if (error instanceof ResponseTooLargeError)
    return new TargetError(service.target, "rejected", `${service.label}: ${host} answered with more than ${error.limit} bytes`, false);
  const e = error as { name?: string; cause?: { code?: string } };
  if (service.signal?.aborted)
    return new TargetError(service.target, "cancelled", `${service.label}: the call to ${host} was cancelled`, true);
  if (e.name === "TimeoutError" || e.name === "AbortError") {
    return new TargetError(
      service.target,
      "timeout",
      `${service.label}: ${host} did not answer within ${(service.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s`,
      true,
    );
  }
  const code = e.cause?.code ?? e.name ?? "error";
  return new TargetError(service.target, "network", redact(`${service.label}: could not reach ${host} (${code})`, service.secrets), true);
}

function backoff(attempt: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2); // jitter: spread out retries of many targets
}

export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const stop = () => {
      clearTimeout(timer);
      resolve();
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}

export const json = (value: unknown) => JSON.stringify(value);

/** Parses a response body, or fails with a clear (non-retryable) error naming the call. */
export function expectBody<T>(service: Service, what: string, schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new TargetError(service.target, "misconfigured", `${service.label}: unexpected answer to ${what}; is the API URL right?`, false);
}

/** The token a connector needs, or a clear error when the integration has none. */
export function requireToken(ctx: TargetContext<unknown>, target: string, label: string): string {
  if (ctx.token) return ctx.token;
  throw new TargetError(target, "misconfigured", `${label}: the integration has no API token; add one before rotating`, false);
}

export const encodeSegment = (value: string) => encodeURIComponent(value);
