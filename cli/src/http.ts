import { arch, platform, release } from "node:os";
import { CliError, EXIT, UsageError, unreachable } from "./errors.js";
import { VERSION } from "./version.js";

// Talking to the Keyless server: JSON in and out, errors as problem+json (RFC 9457) with
// a `detail` written for people, which the CLI shows as is.

export const USER_AGENT = `keyless-cli/${VERSION} (${platform()} ${release()}; ${arch()}; node ${process.versions.node})`;
const TIMEOUT_MS = 20_000;

export type Problem = {
  status: number;
  title?: string;
  detail?: string;
  error?: string;
  error_description?: string;
  interval?: number;
  retryAfter?: number;
};

/** A non-2xx answer from Keyless. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly retryAfterSeconds: number | null,
  ) {
    super(problem.detail ?? problem.error_description ?? problem.title ?? `Keyless answered ${status}.`);
  }
}

/** https://host, without a trailing slash. Plain http only for this machine. */
export function normalizeServer(input: string, allowHttp = process.env.KEYLESS_ALLOW_HTTP === "1"): string {
  const withScheme = /^[a-z]+:\/\//i.test(input) ? input : `https://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`“${input}” is not a server address.`, "Example: keyless login --server https://keyless.example.com");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UsageError(`“${input}” is not an http(s) address.`);
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol === "http:" && !local && !allowHttp) {
    throw new UsageError(
      `Refusing to send tokens to ${url.origin} over plain http.`,
      "Use the https:// address (or set KEYLESS_ALLOW_HTTP=1 if you really must).",
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (error instanceof DOMException && error.name === "TimeoutError") return `no answer within ${timeoutMs / 1000} s`;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

export async function requestJson<T = unknown>(
  server: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; timeoutMs?: number } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", "User-Agent": USER_AGENT };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let res: Response;
  try {
    res = await fetch(`${server}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: "error",
      signal: AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS),
    });
  } catch (error) {
    throw unreachable(server, describeNetworkError(error, options.timeoutMs ?? TIMEOUT_MS));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: a proxy's error page, or not a Keyless server at all.
  }
  if (!res.ok) {
    const problem: Problem = data && typeof data === "object" ? { ...(data as Problem), status: res.status } : { status: res.status };
    const retryAfter = Number(res.headers.get("retry-after"));
    throw new ApiError(res.status, problem, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
  }
  if (data === null) {
    throw new CliError(
      `${server} did not answer like a Keyless server (${res.status}, ${res.headers.get("content-type") ?? "no content type"}).`,
      "Check the address: keyless login --server <url>",
      EXIT.unreachable,
    );
  }
  return data as T;
}
