import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Credentials } from "./api-types.js";

// A local credential endpoint in the ECS container credentials protocol, which the AWS SDKs
// and the AWS CLI read on their own and refresh from before their credentials expire:
// AWS_CONTAINER_CREDENTIALS_FULL_URI=<url>, AWS_CONTAINER_AUTHORIZATION_TOKEN=<token> (sent
// as the whole Authorization header). The SDKs accept plain http only to loopback (and the
// ECS/EKS link-local hosts), so it listens on 127.0.0.1, and on a docker bridge address only
// when asked. Every request must come from an allowed peer, name an allowed Host (a web page
// whose DNS was rebound to 127.0.0.1 sends its own name), carry no Origin (a browser's), and
// carry the token. Anything else is refused before credentials are even fetched.

export const ENDPOINT_PATH = "/credentials";

export type Endpoint = { url: string; token: string; port: number; close: () => Promise<void> };

export type EndpointOptions = {
  credentials: () => Promise<Credentials>;
  /** Addresses to listen on: 127.0.0.1 first, then e.g. the docker bridge's. */
  addresses: string[];
  port?: number;
  /** Peers allowed besides loopback (e.g. the docker bridge's subnet). */
  allowPeer?: (address: string) => boolean;
  /** One line per request (and per failure), never with credentials or the token. */
  log: (entry: { status: number; line: string }) => void;
};

const digest = (text: string) => createHash("sha256").update(text).digest();

export function isLoopback(address: string | undefined): boolean {
  const a = (address ?? "").replace(/^::ffff:/, "");
  return a === "::1" || /^127\.\d+\.\d+\.\d+$/.test(a);
}

/** The ECS credentials response: the shape botocore and @aws-sdk/credential-provider-http read. */
export function containerCredentials(c: Credentials): string {
  const Expiration = new Date(c.expiration).toISOString().replace(/\.\d{3}Z$/, "Z");
  return JSON.stringify({ AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, Token: c.sessionToken, Expiration });
}

function refuse(res: ServerResponse, status: number, message: string): number {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  // Code and Message: what the SDKs read from an error of a container credentials endpoint.
  res.end(JSON.stringify({ Code: status === 401 ? "Unauthorized" : status === 404 ? "NotFound" : "Forbidden", Message: message }));
  return status;
}

export async function startEndpoint(options: EndpointOptions): Promise<Endpoint> {
  const token = randomBytes(32).toString("base64url");
  const expected = digest(token);
  const servers: Server[] = [];
  let port = options.port ?? 0;
  const hosts = () => new Set(["127.0.0.1", "localhost", ...options.addresses].map((h) => `${h}:${port}`));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const peer = req.socket.remoteAddress ?? "";
    if (!isLoopback(peer) && !options.allowPeer?.(peer)) return refuse(res, 403, "Only this computer may ask.");
    if (!hosts().has((req.headers.host ?? "").toLowerCase())) return refuse(res, 403, "Unexpected Host header.");
    if (req.headers.origin !== undefined || req.headers["sec-fetch-site"] !== undefined)
      return refuse(res, 403, "Browsers may not ask for credentials.");
    if (req.method !== "GET" || new URL(req.url ?? "/", "http://x").pathname !== ENDPOINT_PATH) return refuse(res, 404, "Not found.");
    const given = req.headers.authorization;
    if (!given) return refuse(res, 401, "The authorization token is missing.");
    if (!timingSafeEqual(digest(given), expected)) return refuse(res, 403, "The authorization token is wrong.");
    let body: string;
    try {
      body = containerCredentials(await options.credentials());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      res.writeHead(502, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ Code: "KeylessError", Message: message }));
      options.log({ status: 502, line: `could not get credentials: ${message}` });
      return 502;
    }
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(body);
    return 200;
  }

  for (const address of options.addresses) {
    const server = createServer((req, res) => {
      void handle(req, res).then(
        (status) =>
          options.log({
            status,
            line: `${req.method ?? "?"} ${(req.url ?? "").slice(0, 100)} from ${req.socket.remoteAddress ?? "?"}: ${status}`,
          }),
        () => res.destroy(),
      );
    });
    // The first listener picks a free port; the others take the same one.
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host: address, port, exclusive: true }, resolve);
    });
    port = (server.address() as { port: number }).port;
    servers.push(server);
  }
  const close = () =>
    Promise.all(servers.map((s) => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve()))))).then(
      () => undefined,
    );
  return { url: `http://127.0.0.1:${port}${ENDPOINT_PATH}`, token, port, close };
}
