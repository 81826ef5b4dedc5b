import { z } from "zod";
import { callService, encodeSegment as enc, expectBody, json, requireToken, type Service } from "./http";
import { DEFAULT_ACCESS_KEY_ID_NAME, DEFAULT_SECRET_ACCESS_KEY_NAME, distinctNames, serviceUrl, userAgent, variableName } from "./settings";
import type { AccessKey, TargetConnector, TargetContext } from "./types";
import { apiUrlField, keyNameFields } from "./fields";

// Travis CI repository settings env vars (API v3). The secret key is a private variable
// (Travis never shows its value again); the key id is a public one, so currentKeyId and
// verify can read it back. The id variable is written last and names the key held.

const settingsSchema = z
  .object({
    apiUrl: serviceUrl("https://api.travis-ci.com"),
    /** "owner/repo" or Travis's numeric repository id. */
    repository: z
      .union([z.number().int().positive(), z.string().trim()], { error: "must be owner/repo or a repository id" })
      .transform(String)
      .pipe(z.string().regex(/^(\d+|[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)$/, "must be owner/repo or a repository id")),
    accessKeyIdVariable: variableName(DEFAULT_ACCESS_KEY_ID_NAME),
    secretAccessKeyVariable: variableName(DEFAULT_SECRET_ACCESS_KEY_NAME),
    /** Limit the variables to one branch; all branches when unset. */
    branch: z.string().trim().min(1).max(255).optional(),
  })
  .superRefine(distinctNames(["accessKeyIdVariable", "secretAccessKeyVariable"]));
export type TravisSettings = z.output<typeof settingsSchema>;

const envVar = z.object({
  id: z.string(),
  name: z.string(),
  value: z.string().nullish(),
  public: z.boolean(),
  branch: z.string().nullish(),
});
const envVars = z.object({ env_vars: z.array(envVar) });
type EnvVar = z.infer<typeof envVar>;

function client(ctx: TargetContext<TravisSettings>, extraSecrets: string[] = []) {
  const s = ctx.settings;
  const token = requireToken(ctx, "travis", "Travis CI");
  const service: Service = {
    target: "travis",
    label: "Travis CI",
    notFound: `repository ${s.repository} was not found, or the token cannot see it`,
    secrets: [token, ...extraSecrets],
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
  };
  const headers = {
    "travis-api-version": "3",
    authorization: `token ${token}`,
    "user-agent": userAgent,
    "content-type": "application/json",
  };
  const base = `${s.apiUrl}/repo/${enc(s.repository)}`;
  const call = (method: "GET" | "POST" | "PATCH", path: string, body?: unknown, accept?: number[]) =>
    callService(service, { method, url: `${base}${path}`, headers, body: body === undefined ? undefined : json(body), accept });
  const list = async (name: string): Promise<EnvVar[]> => {
    const all = expectBody(service, "the env_vars request", envVars, (await call("GET", "/env_vars")).body).env_vars;
    return all.filter((v) => v.name === name && (v.branch ?? undefined) === s.branch);
  };
  return { call, list };
}

async function upsert(ctx: TargetContext<TravisSettings>, key: AccessKey, name: string, value: string, isPublic: boolean) {
  const { call, list } = client(ctx, [key.secretAccessKey]);
  const update = async (existing: EnvVar[]) => {
    // Travis allows duplicates from older clients; a stale twin would shadow the new key.
    for (const v of existing) await call("PATCH", `/env_var/${enc(v.id)}`, { "env_var.value": value, "env_var.public": isPublic });
  };
  const existing = await list(name);
  if (existing.length) return update(existing);
  const body = {
    "env_var.name": name,
    "env_var.value": value,
    "env_var.public": isPublic,
    ...(ctx.settings.branch ? { "env_var.branch": ctx.settings.branch } : {}),
  };
  // 409 duplicate_resource: a retried or concurrent create got there first.
  if ((await call("POST", "/env_vars", body, [409])).status === 409) await update(await list(name));
}

export const travisTarget: TargetConnector<TravisSettings> = {
  type: "travis",
  label: "Travis CI env var",
  icon: "Workflow",
  fields: [
    { key: "repository", label: "Repository", placeholder: "owner/repo or its id", required: true },
    { key: "branch", label: "Branch", placeholder: "all branches" },
    apiUrlField("https://api.travis-ci.com"),
    ...keyNameFields("accessKeyIdVariable", "secretAccessKeyVariable", "Variable"),
  ],
  settingsSchema,
  requiresToken: true,
  identity: ["apiUrl", "repository"],
  urlFields: ["apiUrl"],
  tokenLabel: "Travis CI API token",
  describe: (s) => `Travis CI env vars of ${s.repository}${s.branch ? ` (branch ${s.branch})` : ""}`,
  async write(ctx, key) {
    await upsert(ctx, key, ctx.settings.secretAccessKeyVariable, key.secretAccessKey, false);
    await upsert(ctx, key, ctx.settings.accessKeyIdVariable, key.accessKeyId, true);
  },
  async currentKeyId(ctx) {
    const [id] = await client(ctx).list(ctx.settings.accessKeyIdVariable);
    if (!id) return { kind: "absent" };
    if (!id.public || !id.value) return { kind: "unknown", reason: `${ctx.settings.accessKeyIdVariable} is a private variable` };
    return { kind: "exact", accessKeyId: id.value };
  },
  async verify(ctx, expected) {
    const s = ctx.settings;
    const { list } = client(ctx);
    const ids = await list(s.accessKeyIdVariable);
    if (!ids.length) return { ok: false, detail: `env var ${s.accessKeyIdVariable} is missing` };
    const wrong = ids.find((v) => v.value !== expected);
    if (wrong)
      return {
        ok: false,
        detail: `env var ${s.accessKeyIdVariable} holds ${wrong.public ? (wrong.value ?? "nothing") : "a private value"}, expected ${expected}`,
      };
    const secrets = await list(s.secretAccessKeyVariable);
    if (!secrets.length) return { ok: false, detail: `env var ${s.secretAccessKeyVariable} is missing` };
    if (secrets.some((v) => v.public))
      return { ok: false, detail: `env var ${s.secretAccessKeyVariable} is public: its value shows in build logs` };
    return { ok: true, detail: `env var ${s.accessKeyIdVariable} holds ${expected}; ${s.secretAccessKeyVariable} is set and private` };
  },
};
