// Stand-in for the AWS console federation endpoint (https://signin.aws.amazon.com/federation),
// which moto does not have. Same requests and JSON shape as AWS, checked against moto.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { messagePage } from "./pages";
import { envPort, isMain, listenLocal, runStandalone } from "./shared";

export interface FederationOptions {
  port?: number; // default KEYLESS_FEDERATION_PORT or 4100
  awsEndpoint: string; // moto (ideally the sandbox wrapper, which can also check secrets)
  region?: string;
}

export interface FederationHandle {
  /** The federation endpoint itself, i.e. what https://signin.aws.amazon.com/federation is in AWS. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface Issued {
  arn: string;
  expiresAt: number;
  used: boolean;
}

const TOKEN_TTL_MS = 15 * 60 * 1000; // AWS: a sign-in token must be used within 15 minutes

class FederationError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function readParams(req: IncomingMessage, url: URL): Promise<URLSearchParams> {
  // AWS takes getSigninToken as GET or as a form POST. This stand-in is stricter than AWS:
  // credentials in a query string end up in proxy and access logs, so Keyless must POST them.
  if (req.method !== "POST") {
    if (url.searchParams.has("Session")) {
      throw new FederationError("CredentialsInQuery", "Send getSigninToken as a form POST: the Session must not be in the URL");
    }
    return url.searchParams;
  }
  let body = "";
  for await (const chunk of req) body += String(chunk);
  return new URLSearchParams(body);
}

/** What the stand-in was asked, newest last, for tests (never the session or the token). */
export type FederationRequest = {
  action: "getSigninToken" | "login";
  method: string;
  arn?: string;
  destination?: string;
  issuer?: string;
  at: string;
};
const KEPT_REQUESTS = 100;

function parseSession(raw: string | null): { sessionId: string; sessionKey: string; sessionToken: string } {
  let session: unknown;
  try {
    session = JSON.parse(raw ?? "");
  } catch {
    throw new FederationError("InvalidParameter", "Session must be URL-encoded JSON");
  }
  const s = session as Record<string, unknown>;
  for (const field of ["sessionId", "sessionKey", "sessionToken"]) {
    if (typeof s[field] !== "string" || s[field] === "") {
      throw new FederationError("InvalidParameter", `Session is missing ${field}`);
    }
  }
  return s as { sessionId: string; sessionKey: string; sessionToken: string };
}

/** Who the credentials belong to, or a FederationError when AWS would refuse them. */
async function verifyCredentials(endpoint: string, region: string, raw: string | null): Promise<string> {
  const { sessionId, sessionKey, sessionToken } = parseSession(raw);
  const credentials = { accessKeyId: sessionId, secretAccessKey: sessionKey, sessionToken };
  const sts = new STSClient({ endpoint, region, credentials, maxAttempts: 1 });
  let arn: string;
  try {
    arn = (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? "";
  } catch (err) {
    throw new FederationError("InvalidCredentials", `GetCallerIdentity failed: ${(err as Error).message}`);
  } finally {
    sts.destroy();
  }
  // Console federation takes only temporary credentials (AssumeRole*, GetFederationToken).
  // moto also answers unknown keys, as "user/moto", so this rejects made-up keys too.
  if (!/:(assumed-role|federated-user)\//.test(arn)) {
    throw new FederationError("InvalidCredentials", `Not temporary role credentials: ${arn}`);
  }
  // The sandbox wrapper already refused a wrong secret or token above (it checks signatures);
  // this also covers plain moto, which checks nothing (and has no such route: skipped).
  const check = await fetch(new URL("/_sandbox/sts/check-credentials", endpoint), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ accessKeyId: sessionId, secretAccessKey: sessionKey, sessionToken }),
  }).catch(() => undefined);
  if (check?.ok) {
    const result = (await check.json()) as { known: boolean; valid: boolean; expired: boolean };
    if (result.known && !result.valid) {
      throw new FederationError("InvalidCredentials", result.expired ? "Credentials expired" : "Secret or session token mismatch");
    }
  }
  return arn;
}

export async function startFederation(options: FederationOptions): Promise<FederationHandle> {
  const port = options.port ?? envPort("KEYLESS_FEDERATION_PORT", 4100);
  const region = options.region ?? "us-east-1";
  const tokens = new Map<string, Issued>();
  let last: { sessionDuration: number | null; arn: string; at: string } | undefined;
  const requests: FederationRequest[] = [];
  const record = (r: Omit<FederationRequest, "at">) => {
    requests.push({ ...r, at: new Date().toISOString() });
    if (requests.length > KEPT_REQUESTS) requests.shift();
  };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };
  const brand = "AWS Management Console (sandbox)";
  const html = (res: ServerResponse, status: number, page: string) => {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(page);
  };

  async function getSigninToken(params: URLSearchParams, method: string, res: ServerResponse) {
    const rawDuration = params.get("SessionDuration");
    const duration = rawDuration === null ? null : Number(rawDuration);
    if (duration !== null && !(Number.isInteger(duration) && duration >= 900 && duration <= 43200)) {
      throw new FederationError("InvalidParameter", "SessionDuration must be an integer from 900 to 43200");
    }
    const arn = await verifyCredentials(options.awsEndpoint, region, params.get("Session"));
    const token = randomBytes(48).toString("base64url");
    tokens.set(token, { arn, expiresAt: Date.now() + TOKEN_TTL_MS, used: false });
    last = { sessionDuration: duration, arn, at: new Date().toISOString() };
    record({ action: "getSigninToken", method, arn });
    json(res, 200, { SigninToken: token });
  }

  function login(params: URLSearchParams, method: string, res: ServerResponse) {
    const issued = tokens.get(params.get("SigninToken") ?? "");
    if (!issued || issued.used || issued.expiresAt < Date.now()) {
      return html(res, 400, messagePage("Sign-in failed", "Invalid or expired sign-in token", { brand }));
    }
    issued.used = true; // AWS sign-in tokens are single use
    const destination = params.get("Destination") ?? "https://console.aws.amazon.com/";
    record({ action: "login", method, arn: issued.arn, destination, issuer: params.get("Issuer") ?? undefined });
    const lines = [`Destination: ${destination}`, `Issuer: ${params.get("Issuer") ?? "(none)"}`];
    html(res, 200, messagePage("Signed in", `Signed in as ${issued.arn}`, { brand, lines }));
  }

  const server = () =>
    createServer((req, res) => {
      const url = new URL(req.url ?? "/", `http://localhost:${port}`);
      for (const [token, issued] of tokens) if (issued.expiresAt < Date.now()) tokens.delete(token);
      if (url.pathname === "/federation/_last") {
        return last ? json(res, 200, last) : json(res, 404, { error: "no getSigninToken request yet" });
      }
      if (url.pathname === "/federation/_requests") return json(res, 200, requests);
      if (url.pathname !== "/federation") return json(res, 404, { error: "not found" });
      readParams(req, url)
        .then(async (params) => {
          const action = params.get("Action");
          const method = req.method ?? "GET";
          if (action === "getSigninToken") return getSigninToken(params, method, res);
          if (action === "login") return login(params, method, res);
          throw new FederationError("InvalidAction", `Unknown Action ${action ?? "(none)"}`);
        })
        .catch((err: unknown) => {
          if (err instanceof FederationError) return json(res, 400, { Error: { Code: err.code, Message: err.message } });
          console.error("[sandbox federation]", err);
          json(res, 500, { Error: { Code: "InternalFailure", Message: "Unexpected error" } });
        });
    });

  const listener = await listenLocal(server, port, { service: "Sandbox federation", envVar: "KEYLESS_FEDERATION_PORT" });
  return { url: `http://localhost:${port}/federation`, port, stop: () => listener.close() };
}

if (isMain(import.meta.url)) {
  const awsEndpoint = process.env.KEYLESS_AWS_ENDPOINT_URL ?? `http://127.0.0.1:${envPort("KEYLESS_MOTO_PORT", 5000)}`;
  runStandalone(
    "federation",
    () => startFederation({ awsEndpoint }),
    (h) => `${h.url} (checks credentials against ${awsEndpoint})`,
  );
}
