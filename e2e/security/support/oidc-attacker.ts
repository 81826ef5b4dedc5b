import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// An OIDC provider the test controls, to drive next-auth's real callback with crafted token
// responses. It serves the sandbox IdP's own discovery document (endpoints rewritten to
// itself) and publishes one signing key, the "IdP's" key; it holds a second, unpublished
// key, the attacker's. Each authorization is answered at once with a code bound to the
// next queued scenario; the token endpoint then returns the ID token that scenario says.

export type Claims = { sub: string; email: string; name?: string; groups?: string[] } & Record<string, unknown>;

export type Scenario =
  | "valid" // signed with the published key: the control, must sign in
  | "forged" // signed with the attacker's key under the published key's id
  | "forged-own-kid" // signed with the attacker's key under its own key id
  | "expired" // signed with the published key, expired ten minutes ago
  | "tampered" // signed with the published key, then its claims edited (groups) keeping the signature
  | "alg-none" // unsigned
  | "wrong-audience"
  | "wrong-issuer"
  | "wrong-nonce";

type Pending = { scenario: Scenario; claims: Claims; nonce: string; clientId: string };

const b64 = (v: Buffer | string) => Buffer.from(v).toString("base64url");

function sign(header: object, payload: object, key: KeyObject): string {
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
  const signature = createSign("RSA-SHA256").update(input).sign(key);
  return `${input}.${b64(signature)}`;
}

export class OidcAttacker {
  readonly issued: string[] = [];
  private server?: http.Server;
  private base = "";
  private readonly published = generateKeyPairSync("rsa", { modulusLength: 2048 });
  private readonly attacker = generateKeyPairSync("rsa", { modulusLength: 2048 });
  private readonly kid = randomBytes(8).toString("hex");
  private readonly queue: { scenario: Scenario; claims: Claims }[] = [];
  private readonly codes = new Map<string, Pending>();
  private discovery: Record<string, unknown> = {};

  get issuer(): string {
    return this.base;
  }

  /** The next authorization is answered with this scenario. */
  expect(scenario: Scenario, claims: Claims): void {
    this.queue.push({ scenario, claims });
  }

  async start(realIssuer: string): Promise<void> {
    const real = (await (await fetch(`${realIssuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    // The real document, pointed at us (the issuer must match the URL it is served from).
    this.discovery = Object.fromEntries(
      Object.entries(real).map(([k, v]) => [k, typeof v === "string" && v.startsWith(realIssuer) ? v.replace(realIssuer, this.base) : v]),
    );
    this.discovery.issuer = this.base;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private idToken(p: Pending): string {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: this.base,
      aud: p.clientId,
      iat: now,
      exp: now + 300,
      auth_time: now,
      nonce: p.nonce,
      email_verified: true,
      ...p.claims,
    };
    const header = { alg: "RS256", typ: "JWT", kid: this.kid };
    switch (p.scenario) {
      case "valid":
        return sign(header, payload, this.published.privateKey);
      case "forged":
        return sign(header, payload, this.attacker.privateKey);
      case "forged-own-kid":
        return sign({ ...header, kid: "attacker" }, payload, this.attacker.privateKey);
      case "expired":
        return sign(header, { ...payload, iat: now - 4200, auth_time: now - 4200, exp: now - 600 }, this.published.privateKey);
      case "tampered": {
        const genuine = sign(header, { ...payload, groups: ["engineering"] }, this.published.privateKey);
        const [h, , s] = genuine.split(".");
        return `${h}.${b64(JSON.stringify(payload))}.${s}`;
      }
      case "alg-none":
        return `${b64(JSON.stringify({ alg: "none", typ: "JWT" }))}.${b64(JSON.stringify(payload))}.`;
      case "wrong-audience":
        return sign(header, { ...payload, aud: "someone-else" }, this.published.privateKey);
      case "wrong-issuer":
        return sign(header, { ...payload, iss: "https://evil.example" }, this.published.privateKey);
      case "wrong-nonce":
        return sign(header, { ...payload, nonce: "not-the-nonce" }, this.published.privateKey);
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.base);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/.well-known/openid-configuration") return send(200, this.discovery);
    if (url.pathname === new URL(String(this.discovery.jwks_uri)).pathname) {
      const jwk = this.published.publicKey.export({ format: "jwk" });
      return send(200, { keys: [{ ...jwk, kid: this.kid, alg: "RS256", use: "sig" }] });
    }
    if (url.pathname === new URL(String(this.discovery.authorization_endpoint)).pathname) {
      const next = this.queue.shift();
      if (!next) return send(400, { error: "no scenario queued" });
      const code = randomBytes(16).toString("hex");
      this.codes.set(code, { ...next, nonce: url.searchParams.get("nonce") ?? "", clientId: url.searchParams.get("client_id") ?? "" });
      const back = new URL(url.searchParams.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      back.searchParams.set("iss", this.base);
      res.writeHead(302, { location: back.toString() });
      return void res.end();
    }
    if (url.pathname === new URL(String(this.discovery.token_endpoint)).pathname && req.method === "POST") {
      let body = "";
      for await (const chunk of req) body += String(chunk);
      const pending = this.codes.get(new URLSearchParams(body).get("code") ?? "");
      if (!pending) return send(400, { error: "invalid_grant" });
      this.codes.delete(new URLSearchParams(body).get("code") ?? "");
      const idToken = this.idToken(pending);
      const accessToken = randomBytes(24).toString("base64url");
      this.issued.push(idToken, accessToken);
      return send(200, {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: 300,
        id_token: idToken,
        scope: "openid email profile groups",
      });
    }
    return send(404, { error: "not_found" });
  }
}
