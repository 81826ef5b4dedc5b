import http from "node:http";
import { DATA_CSP, isDataPath, problem, PROBLEM_CONTENT_TYPE, PROBLEM_HEADERS, SECURITY_HEADERS } from "@/lib/http/edge-policy";

// What Next.js cannot be left to do with raw requests, fixed where every request enters the
// server process (installed once by instrumentation.ts, before Next.js sees a request):
// - Without a trusted proxy in front (KEYLESS_TRUST_PROXY=false), X-Forwarded-For and
//   X-Real-IP are whatever the client wrote, and Next.js keeps a client's X-Forwarded-For
//   (it fills the header from the socket only when it is missing). The client address is
//   audited and keys per-address rate limits, so it comes from the connection instead.
// - A path with malformed percent-encoding (`/api/v1/rotations/%ZZ`) makes Next.js answer
//   500 "Internal Server Error": it is refused here with a 400 problem+json.
// - A method an API route does not declare gets Next.js's bare 405 (no body, no type): under
//   /api/v1 it becomes a 405 problem+json like every other refusal of the API, and under
//   /scim/ a SCIM error (lib/scim/errors.ts).
// - Every answer starts with the security headers (lib/http/edge-policy.ts), API and SCIM
//   answers with the data CSP, pages with the nonce CSP proxy.ts sets over it: Next.js's
//   own answers (its path-normalising redirects, static files) included, which its
//   `headers()` config would miss.

const INSTALLED = Symbol.for("keyless.requestGuard");

function decodable(url: string): boolean {
  try {
    decodeURIComponent(url.split("?")[0] ?? "");
    return true;
  } catch {
    return false;
  }
}

function refuseMalformed(res: http.ServerResponse): void {
  const body = JSON.stringify(problem(400, "bad-request", "Bad request", "The request path is not valid percent-encoded UTF-8."));
  res.writeHead(400, { ...PROBLEM_HEADERS, "Content-Security-Policy": DATA_CSP });
  res.end(body);
}

type Refusal = { contentType: string; body: string };

/** The API's problem+json for a method a path does not have. */
function apiMethodRefusal(method: string | undefined): Refusal {
  const detail = `${method ?? "This method"} is not an operation of this path.`;
  return {
    contentType: PROBLEM_CONTENT_TYPE,
    body: JSON.stringify(problem(405, "method-not-allowed", "Method not allowed", detail)),
  };
}

/** The same refusal in SCIM's error format (RFC 7644 §3.12), for /scim/. */
function scimMethodRefusal(method: string | undefined): Refusal {
  return {
    contentType: "application/scim+json",
    body: JSON.stringify({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "405",
      detail: `${method ?? "This method"} is not supported on this SCIM resource.`,
    }),
  };
}

/** Turns Next.js's empty 405 into the refusal `refusal` makes, leaving every other answer alone. */
function replaceBareMethodNotAllowed(req: http.IncomingMessage, res: http.ServerResponse, refusal: (method?: string) => Refusal): void {
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.end = ((...args: unknown[]) => {
    const first = args[0];
    const empty =
      first === undefined ||
      first === null ||
      typeof first === "function" ||
      (typeof first === "string" || Buffer.isBuffer(first) ? first.length === 0 : false);
    if (res.statusCode !== 405 || res.headersSent || !empty) return end(...args);
    const { contentType, body } = refusal(req.method);
    res.setHeader("Content-Type", contentType);
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Content-Length", Buffer.byteLength(body));
    return end(body, ...args.filter((a) => typeof a === "function"));
  }) as typeof res.end;
}

export function installRequestGuard(options: { trustProxy: boolean }): void {
  const proto = http.Server.prototype as unknown as Record<symbol, unknown> & {
    emit: (event: string | symbol, ...args: unknown[]) => boolean;
  };
  if (proto[INSTALLED]) return;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      if (isDataPath((req.url ?? "/").split("?")[0] ?? "/")) res.setHeader("Content-Security-Policy", DATA_CSP);
      if (!options.trustProxy) {
        req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
        delete req.headers["x-real-ip"];
      }
      if ((req.url ?? "").startsWith("/api/v1/")) replaceBareMethodNotAllowed(req, res, apiMethodRefusal);
      if ((req.url ?? "").startsWith("/scim/")) replaceBareMethodNotAllowed(req, res, scimMethodRefusal);
      if (!decodable(req.url ?? "/")) {
        refuseMalformed(res);
        return true;
      }
    }
    return emit.call(this, event, ...args);
  };
  proto[INSTALLED] = true;
}
