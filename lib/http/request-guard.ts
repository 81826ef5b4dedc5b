import http from "node:http";

// What Next.js cannot be left to do with raw requests, fixed where every request enters the
// server process (installed once by instrumentation.ts, before Next.js sees a request):
// - Without a trusted proxy in front (KEYLESS_TRUST_PROXY=false), X-Forwarded-For and
//   X-Real-IP are whatever the client wrote, and Next.js keeps a client's X-Forwarded-For
//   (it fills the header from the socket only when it is missing). The client address is
//   audited and keys per-address rate limits, so it comes from the connection instead.
// - A path with malformed percent-encoding (`/api/v1/rotations/%ZZ`) makes Next.js answer
//   500 "Internal Server Error": it is refused here with a 400 problem+json.
// - A method an API route does not declare gets Next.js's bare 405 (no body, no type): under
//   /api/v1 it becomes a 405 problem+json like every other refusal of the API.
// - Answers Next.js makes before the app's headers apply (its path-normalising redirects)
//   lack the security headers: every answer starts with them (next.config.js sets the same).

const SECURITY_HEADERS: Record<string, string> = {
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
};

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
  const body = JSON.stringify({
    type: "https://keyless.dev/problems/bad-request",
    title: "Bad request",
    status: 400,
    detail: "The request path is not valid percent-encoded UTF-8.",
  });
  res.writeHead(400, {
    "Content-Type": "application/problem+json",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  });
  res.end(body);
}

/** Turns Next.js's empty 405 into the API's problem+json, leaving every other answer alone. */
function problemForBareMethodNotAllowed(req: http.IncomingMessage, res: http.ServerResponse): void {
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.end = ((...args: unknown[]) => {
    const first = args[0];
    const empty =
      first === undefined ||
      first === null ||
      typeof first === "function" ||
      (typeof first === "string" || Buffer.isBuffer(first) ? first.length === 0 : false);
    if (res.statusCode !== 405 || res.headersSent || !empty) return end(...args);
    const body = JSON.stringify({
      type: "https://keyless.dev/problems/method-not-allowed",
      title: "Method not allowed",
      status: 405,
      detail: `${req.method ?? "This method"} is not an operation of this path.`,
    });
    res.setHeader("Content-Type", "application/problem+json");
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
      if (!options.trustProxy) {
        req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
        delete req.headers["x-real-ip"];
      }
      if ((req.url ?? "").startsWith("/api/v1/")) problemForBareMethodNotAllowed(req, res);
      if (!decodable(req.url ?? "/")) {
        refuseMalformed(res);
        return true;
      }
    }
    return emit.call(this, event, ...args);
  };
  proto[INSTALLED] = true;
}
