// Request and reply shapes shared by the stand-in services, and a tiny path matcher.
import type { IncomingHttpHeaders } from "node:http";

export type StandinRequest = {
  method: string;
  /** Path segments after the service prefix, each URL-decoded ("acme%2Fapi" → "acme/api"). */
  segments: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The parsed JSON body; undefined when empty; `invalidJson` when it did not parse. */
  body: unknown;
  invalidJson: boolean;
};

export type Reply = { status: number; json?: unknown; text?: string; headers?: Record<string, string> };

export const reply = (status: number, json?: unknown, headers?: Record<string, string>): Reply => ({ status, json, headers });
export const textReply = (status: number, text: string): Reply => ({ status, text });

/** `match(["repos","a","b"], "repos/:owner/:repo")` → { owner: "a", repo: "b" }; null otherwise. */
type Param<P extends string> = P extends `${infer A}/${infer B}` ? Param<A> | Param<B> : P extends `:${infer N}` ? N : never;

export function match<P extends string>(segments: string[], pattern: P): Record<Param<P>, string> | null {
  const parts = pattern.split("/");
  if (parts.length !== segments.length) return null;
  const params = {} as Record<string, string>;
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] ?? "";
    if (part.startsWith(":")) params[part.slice(1)] = segment;
    else if (part !== segment) return null;
  }
  return params;
}

export function header(req: StandinRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** A plain object body, or an empty one (handlers then report the missing fields). */
export function objectBody(req: StandinRequest): Record<string, unknown> {
  return req.body && typeof req.body === "object" && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
}

/** GitHub-style timestamps: ISO 8601 with seconds. */
export const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
