import { z } from "zod";
import { callService, encodeSegment as enc, expectBody, json, requireToken, type Service } from "./http";
import { DEFAULT_ACCESS_KEY_ID_NAME, DEFAULT_SECRET_ACCESS_KEY_NAME, distinctNames, serviceUrl, userAgent, variableName } from "./settings";
import type { AccessKey, TargetConnector, TargetContext } from "./types";
import { apiUrlField, keyNameFields } from "./fields";

// GitHub Actions repository or environment secrets. Secrets are write-only, so Keyless also
// keeps the key id in an Actions variable (KEYLESS_AWS_ACCESS_KEY_ID by default), written
// after both secrets: the variable names the key the secrets hold. verify() checks the
// variable and that both secrets were updated together with it.

const githubName = (fallback: string) =>
  variableName(fallback).refine((n) => !/^GITHUB_/i.test(n), "must not start with GITHUB_ (reserved by GitHub)");
const slugPart = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,100}$/, "must be a GitHub owner or repository name");

const settingsSchema = z
  .object({
    apiUrl: serviceUrl("https://api.github.com"),
    owner: slugPart,
    repo: slugPart,
    environment: z.string().trim().min(1).max(255).optional(),
    accessKeyIdSecret: githubName(DEFAULT_ACCESS_KEY_ID_NAME),
    secretAccessKeySecret: githubName(DEFAULT_SECRET_ACCESS_KEY_NAME),
    keyIdVariable: githubName("KEYLESS_AWS_ACCESS_KEY_ID"),
  })
  .superRefine(distinctNames(["accessKeyIdSecret", "secretAccessKeySecret"]));
export type GitHubSettings = z.output<typeof settingsSchema>;

/** Secrets written further apart than this from the variable were not written with it. */
const WRITE_WINDOW_MS = 15 * 60_000;

const publicKey = z.object({ key_id: z.string().min(1), key: z.string().min(1) });
const variable = z.object({ name: z.string(), value: z.string(), updated_at: z.string() });
const secretMeta = z.object({ name: z.string(), updated_at: z.string() });

function client(ctx: TargetContext<GitHubSettings>, extraSecrets: string[] = []) {
  const s = ctx.settings;
  const token = requireToken(ctx, "github", "GitHub");
  const repo = `/repos/${enc(s.owner)}/${enc(s.repo)}`;
  const scope = s.environment ? `${repo}/environments/${enc(s.environment)}` : `${repo}/actions`;
  const service: Service = {
    target: "github",
    label: "GitHub",
    notFound: `repository ${s.owner}/${s.repo}${s.environment ? ` or its environment "${s.environment}"` : ""} was not found, or the token cannot see it`,
    secrets: [token, ...extraSecrets],
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
  };
  const headers = {
    authorization: `Bearer ${token}`,
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
    "user-agent": userAgent,
    "content-type": "application/json",
  };
  const call = (method: "GET" | "PUT" | "POST" | "PATCH", path: string, body?: unknown, accept?: number[]) =>
    callService(service, { method, url: `${s.apiUrl}${scope}${path}`, headers, body: body === undefined ? undefined : json(body), accept });
  return { service, call };
}

/** libsodium sealed box with the repository's public key, as GitHub requires; base64 out. */
export async function sealForGitHub(publicKeyBase64: string, value: string): Promise<string> {
  // Loaded on first use: its Wasm instance is ~10 MB of every process's memory otherwise,
  // and only GitHub rotations need it.
  const { default: sodium } = await import("libsodium-wrappers");
  await sodium.ready;
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  return sodium.to_base64(sodium.crypto_box_seal(value, key), sodium.base64_variants.ORIGINAL);
}

async function write(ctx: TargetContext<GitHubSettings>, key: AccessKey): Promise<void> {
  const s = ctx.settings;
  const { service, call } = client(ctx, [key.secretAccessKey]);
  // Fetched on every write: GitHub may rotate the repository key.
  const pk = expectBody(service, "the public key request", publicKey, (await call("GET", "/secrets/public-key")).body);
  for (const [name, value] of [
    [s.accessKeyIdSecret, key.accessKeyId],
    [s.secretAccessKeySecret, key.secretAccessKey],
  ] as const) {
    await call("PUT", `/secrets/${enc(name)}`, { encrypted_value: await sealForGitHub(pk.key, value), key_id: pk.key_id });
  }
  // Update, else create; a 409 means a concurrent or retried create got there first.
  const update = () => call("PATCH", `/variables/${enc(s.keyIdVariable)}`, { name: s.keyIdVariable, value: key.accessKeyId }, [404]);
  if ((await update()).status !== 404) return;
  const created = await call("POST", "/variables", { name: s.keyIdVariable, value: key.accessKeyId }, [409]);
  if (created.status === 409) await call("PATCH", `/variables/${enc(s.keyIdVariable)}`, { name: s.keyIdVariable, value: key.accessKeyId });
}

async function readVariable(ctx: TargetContext<GitHubSettings>) {
  const { service, call } = client(ctx);
  const res = await call("GET", `/variables/${enc(ctx.settings.keyIdVariable)}`, undefined, [404]);
  if (res.status !== 404) return expectBody(service, "the variable request", variable, res.body);
  await call("GET", "/secrets/public-key"); // GitHub says 404 for both; this throws if the repository is the missing part
  return null;
}

export const githubTarget: TargetConnector<GitHubSettings> = {
  type: "github",
  label: "GitHub Actions secret",
  icon: "GitBranch",
  fields: [
    { key: "owner", label: "Owner", placeholder: "acme", required: true },
    { key: "repo", label: "Repository", placeholder: "deploy-bot", required: true },
    { key: "environment", label: "Environment", placeholder: "production", hint: "Leave empty for repository secrets." },
    apiUrlField("https://api.github.com"),
    ...keyNameFields("accessKeyIdSecret", "secretAccessKeySecret", "Secret"),
    { key: "keyIdVariable", label: "Variable naming the key id", placeholder: "KEYLESS_AWS_ACCESS_KEY_ID", advanced: true },
  ],
  settingsSchema,
  requiresToken: true,
  identity: ["apiUrl", "owner", "repo", "environment"],
  urlFields: ["apiUrl"],
  tokenLabel: "GitHub token (fine-grained: Secrets and Variables read/write on the repository)",
  describe: (s) => `GitHub Actions secrets of ${s.owner}/${s.repo}${s.environment ? ` (environment ${s.environment})` : ""}`,
  write,
  async currentKeyId(ctx) {
    const v = await readVariable(ctx);
    return v ? { kind: "exact", accessKeyId: v.value } : { kind: "absent" };
  },
  async verify(ctx, expected) {
    const s = ctx.settings;
    const v = await readVariable(ctx);
    if (!v) return { ok: false, detail: `variable ${s.keyIdVariable} is missing: this target has not been written by Keyless` };
    if (v.value !== expected) return { ok: false, detail: `variable ${s.keyIdVariable} names ${v.value}, expected ${expected}` };
    const { service, call } = client(ctx);
    for (const name of [s.accessKeyIdSecret, s.secretAccessKeySecret]) {
      const res = await call("GET", `/secrets/${enc(name)}`, undefined, [404]);
      if (res.status === 404) return { ok: false, detail: `secret ${name} is missing` };
      const meta = expectBody(service, "the secret request", secretMeta, res.body);
      const apart = Math.abs(Date.parse(meta.updated_at) - Date.parse(v.updated_at));
      if (!(apart <= WRITE_WINDOW_MS)) {
        return {
          ok: false,
          detail: `secret ${name} was updated at ${meta.updated_at}, not with variable ${s.keyIdVariable} (${v.updated_at})`,
        };
      }
    }
    return {
      ok: true,
      detail: `variable ${s.keyIdVariable} names ${expected}; secrets ${s.accessKeyIdSecret} and ${s.secretAccessKeySecret} were written with it`,
    };
  },
};
