import { existsSync, readFileSync } from "node:fs";
import { STANDIN_TOKENS } from "../../../scripts/sandbox/standins/state";
import { StandinsClient } from "../../../scripts/sandbox/standins/client";
import { files, motoUrl, standinsUrl } from "./env";
import type { Recorded } from "./scan";

// Every secret the run issued or pushed, from where each was made: moto (IAM access keys,
// the temporary credentials behind every AssumeRole, Keyless's own included), the
// recorded responses (credentials, CLI tokens and session cookies as they were delivered),
// the stand-in targets (API tokens, webhook signing secrets), the IdP's token log (ID,
// access and refresh tokens), what the security specs noted (the attacker IdP's tokens),
// and the sandbox's own configuration secrets.

export type SecretKind =
  | "temporary credentials"
  | "IAM access key secret"
  | "target API token"
  | "OIDC token"
  | "CLI token"
  | "session cookie"
  | "configuration secret";

export type Secret = { kind: SecretKind; value: string; from: string };

/** Shorter values could match by chance; every real secret here is longer. */
export const MIN_SECRET_LENGTH = 12;

type MotoSecrets = {
  accessKeys: { accessKeyId: string; secretAccessKey: string; userName: string; accountId: string }[];
  sessions: { accessKeyId: string; secretAccessKey: string; sessionToken: string; arn: string }[];
};

const lines = (file: string): unknown[] =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as unknown)
    : [];

const pathOf = (url: string) => url.split("?")[0] ?? url;

/** The session cookie values a response sets (next-auth's callback; empty values clear it). */
export function sessionCookiesSet(r: Recorded): string[] {
  const raw = r.headers["set-cookie"];
  const all = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return all.map((c) => /^(?:__Host-)?keyless\.session=([^;]*)/.exec(c)?.[1] ?? "").filter(Boolean);
}

function bodyJson(r: Recorded): Record<string, unknown> | undefined {
  if (!String(r.headers["content-type"] ?? "").includes("json")) return undefined;
  try {
    const v = JSON.parse(r.body) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where a secret is delivered to its owner, and the fields that carry it: the response to
 * POST /api/v1/credentials (temporary credentials), to POST /api/v1/device/token (CLI
 * tokens), and the Set-Cookie of the OIDC callback (the session cookie). Nowhere else.
 */
export function deliveredFields(r: Recorded): { kind: SecretKind; field: string; value: string }[] {
  const out: { kind: SecretKind; field: string; value: string }[] = [];
  const path = pathOf(r.url);
  const body = r.method === "POST" && r.status === 200 ? bodyJson(r) : undefined;
  if (body && path === "/api/v1/credentials") {
    for (const field of ["secretAccessKey", "sessionToken"])
      if (typeof body[field] === "string") out.push({ kind: "temporary credentials", field, value: body[field] });
  }
  if (body && path === "/api/v1/device/token") {
    for (const field of ["access_token", "refresh_token"])
      if (typeof body[field] === "string") out.push({ kind: "CLI token", field, value: body[field] });
  }
  if (path.startsWith("/api/auth/callback/"))
    for (const value of sessionCookiesSet(r)) out.push({ kind: "session cookie", field: "set-cookie", value });
  return out;
}

/** The record with the delivered values taken out: what is left must hold no secret. */
export function withoutDelivered(r: Recorded): Recorded {
  const delivered = deliveredFields(r);
  if (!delivered.length) return r;
  const body = bodyJson(r);
  if (body) for (const d of delivered) if (d.field in body) body[d.field] = "[delivered]";
  const setCookie = r.headers["set-cookie"];
  const cookies = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).filter(
    (c) => !/^(?:__Host-)?keyless\.session=[^;]+/.test(c),
  );
  return { ...r, body: body ? JSON.stringify(body) : r.body, headers: { ...r.headers, "set-cookie": cookies } };
}

export async function collectSecrets(responses: Recorded[]): Promise<Secret[]> {
  const out: Secret[] = [];
  const add = (kind: SecretKind, value: unknown, from: string) => {
    // Placeholders ("xxxx…") are no secret, and would match the fuzzer's filler by chance.
    if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH && new Set(value).size >= 8) out.push({ kind, value, from });
  };

  const moto = (await (await fetch(`${motoUrl}/_sandbox/secrets`)).json()) as MotoSecrets;
  for (const k of moto.accessKeys) add("IAM access key secret", k.secretAccessKey, `moto: ${k.accountId} ${k.userName} ${k.accessKeyId}`);
  for (const s of moto.sessions) {
    add("temporary credentials", s.secretAccessKey, `moto: ${s.arn} ${s.accessKeyId} (secret key)`);
    add("temporary credentials", s.sessionToken, `moto: ${s.arn} ${s.accessKeyId} (session token)`);
  }

  for (const r of responses)
    for (const d of deliveredFields(r)) add(d.kind, d.value, `${r.method} ${pathOf(r.url)} at ${r.at} (${d.field})`);

  // Keys the targets hold: Keyless pushed them (moto made them), or tests put them there directly.
  for (const key of await pushedSecretKeys()) add("IAM access key secret", key, "held by a stand-in target");

  const standins = await new StandinsClient(standinsUrl).state();
  for (const [service, tokens] of Object.entries(standins.tokens))
    for (const t of tokens) add("target API token", t, `stand-in ${service} token`);
  for (const [name, receiver] of Object.entries(standins.webhooks))
    add("target API token", receiver.secret, `webhook receiver ${name} signing secret`);
  for (const [service, token] of Object.entries(STANDIN_TOKENS)) add("target API token", token, `seeded ${service} token`);

  for (const entry of lines(files.idpTokens) as Record<string, unknown>[]) {
    for (const field of ["id_token", "access_token", "refresh_token"])
      add("OIDC token", entry[field], `IdP ${field} at ${String(entry.at)}`);
  }
  for (const entry of lines(files.extraSecrets) as { kind: string; value: unknown }[]) {
    add(entry.kind.startsWith("session") ? "session cookie" : "OIDC token", entry.value, entry.kind);
  }

  for (const name of [
    "AUTH_SECRET",
    "KEYLESS_ENCRYPTION_KEY",
    "KEYLESS_AUDIT_HMAC_KEY",
    "OIDC_CLIENT_SECRET",
    "KEYLESS_METRICS_TOKEN",
    "KEYLESS_SCIM_TOKEN",
    "KEYLESS_SLACK_SIGNING_SECRET",
    "KEYLESS_SLACK_BOT_TOKEN",
    "AWS_SECRET_ACCESS_KEY",
  ]) {
    add("configuration secret", process.env[name], name);
  }

  const seen = new Set<string>();
  return out.filter((s) => !seen.has(s.value) && seen.add(s.value));
}

/**
 * Secret access keys the stand-in targets hold (GitHub secrets decrypted, GitLab, Travis and
 * CircleCI variables, webhook deliveries, the services of standins/services.ts): 40 characters
 * of base64 alphabet standing alone.
 */
export async function pushedSecretKeys(): Promise<string[]> {
  const { github, gitlab, travis, circleci, webhooks, services } = await new StandinsClient(standinsUrl).state();
  const text = JSON.stringify({ github, gitlab, travis, circleci, webhooks, services });
  return [...new Set([...text.matchAll(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g)].map((m) => m[0]))];
}
