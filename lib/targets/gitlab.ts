import { z } from "zod";
import { callService, encodeSegment as enc, expectBody, failureOf, json, requireToken, type Service } from "./http";
import { DEFAULT_ACCESS_KEY_ID_NAME, DEFAULT_SECRET_ACCESS_KEY_NAME, distinctNames, serviceUrl, userAgent, variableName } from "./settings";
import type { AccessKey, TargetConnector, TargetContext } from "./types";
import { apiUrlField, keyNameFields } from "./fields";

// GitLab CI/CD project variables (API v4). The secret key is masked (hidden in job logs) and
// optionally protected; the key id is a plain variable written last, so it names the key the
// project holds. GitLab returns variable values to maintainers, so currentKeyId is exact.

const settingsSchema = z
  .object({
    apiUrl: serviceUrl("https://gitlab.com/api/v4"),
    /** Numeric id or full path ("group/subgroup/project"). */
    project: z
      .union([z.number().int().positive(), z.string().trim()], { error: "must be a project id or a path like group/project" })
      .transform(String)
      .pipe(z.string().regex(/^(\d+|[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+)$/, "must be a project id or a path like group/project")),
    accessKeyIdVariable: variableName(DEFAULT_ACCESS_KEY_ID_NAME),
    secretAccessKeyVariable: variableName(DEFAULT_SECRET_ACCESS_KEY_NAME),
    environmentScope: z.string().trim().min(1).max(255).default("*"),
    protected: z.boolean().default(false),
  })
  .superRefine(distinctNames(["accessKeyIdVariable", "secretAccessKeyVariable"]));
export type GitLabSettings = z.output<typeof settingsSchema>;

const variable = z.object({
  key: z.string(),
  value: z.string().nullable(),
  masked: z.boolean().optional(),
  environment_scope: z.string().optional(),
});

function client(ctx: TargetContext<GitLabSettings>, extraSecrets: string[] = []) {
  const s = ctx.settings;
  const token = requireToken(ctx, "gitlab", "GitLab");
  const service: Service = {
    target: "gitlab",
    label: "GitLab",
    notFound: `project ${s.project} was not found, or the token cannot see it`,
    secrets: [token, ...extraSecrets],
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
  };
  const headers = { authorization: `Bearer ${token}`, "user-agent": userAgent, "content-type": "application/json" };
  const base = `${s.apiUrl}/projects/${enc(s.project)}/variables`;
  // Several variables may share a key with different scopes: always address ours.
  const filter = `?${new URLSearchParams({ "filter[environment_scope]": s.environmentScope }).toString()}`;
  const call = (method: "GET" | "PUT" | "POST", name: string | null, body?: unknown, accept?: number[]) =>
    callService(service, {
      method,
      url: name === null ? base : `${base}/${enc(name)}${filter}`,
      headers,
      body: body === undefined ? undefined : json(body),
      accept,
    });
  /** GitLab says which of project or variable is missing; only the variable may be. */
  const variableMissing = (body: unknown) => !/project/i.test(JSON.stringify(body ?? ""));
  return { service, call, variableMissing };
}

async function upsert(ctx: TargetContext<GitLabSettings>, key: AccessKey, name: string, value: string, masked: boolean) {
  const s = ctx.settings;
  const { service, call, variableMissing } = client(ctx, [key.secretAccessKey]);
  const fields = { value, masked, protected: s.protected, environment_scope: s.environmentScope, raw: true, variable_type: "env_var" };
  const updated = await call("PUT", name, fields, [404]);
  if (updated.status !== 404) return;
  if (!variableMissing(updated.body)) throw failureOf(service, updated);
  const created = await call("POST", null, { key: name, ...fields }, [400]);
  if (created.status < 300) return;
  // "has already been taken": a retried or concurrent create won; update it instead.
  if (!/taken/i.test(JSON.stringify(created.body ?? ""))) throw failureOf(service, created);
  await call("PUT", name, fields);
}

async function read(ctx: TargetContext<GitLabSettings>, name: string) {
  const { service, call, variableMissing } = client(ctx);
  const res = await call("GET", name, undefined, [404]);
  if (res.status !== 404) return expectBody(service, "the variable request", variable, res.body);
  if (variableMissing(res.body)) return null;
  throw failureOf(service, res);
}

export const gitlabTarget: TargetConnector<GitLabSettings> = {
  type: "gitlab",
  label: "GitLab CI variable",
  icon: "GitMerge",
  fields: [
    { key: "project", label: "Project", placeholder: "group/project or 1234", required: true },
    { key: "environmentScope", label: "Environment scope", placeholder: "*" },
    { key: "protected", label: "Protected variables (only on protected branches and tags)", kind: "checkbox" },
    apiUrlField("https://gitlab.com/api/v4"),
    ...keyNameFields("accessKeyIdVariable", "secretAccessKeyVariable", "Variable"),
  ],
  settingsSchema,
  requiresToken: true,
  identity: ["apiUrl", "project"],
  urlFields: ["apiUrl"],
  tokenLabel: "GitLab access token (Maintainer, api scope)",
  describe: (s) => `GitLab CI variables of project ${s.project}${s.environmentScope === "*" ? "" : ` (environment ${s.environmentScope})`}`,
  async write(ctx, key) {
    await upsert(ctx, key, ctx.settings.secretAccessKeyVariable, key.secretAccessKey, true);
    await upsert(ctx, key, ctx.settings.accessKeyIdVariable, key.accessKeyId, false);
  },
  async currentKeyId(ctx) {
    const v = await read(ctx, ctx.settings.accessKeyIdVariable);
    return v?.value ? { kind: "exact", accessKeyId: v.value } : { kind: "absent" };
  },
  async verify(ctx, expected) {
    const s = ctx.settings;
    const id = await read(ctx, s.accessKeyIdVariable);
    if (!id?.value) return { ok: false, detail: `variable ${s.accessKeyIdVariable} is missing` };
    if (id.value !== expected) return { ok: false, detail: `variable ${s.accessKeyIdVariable} holds ${id.value}, expected ${expected}` };
    const secret = await read(ctx, s.secretAccessKeyVariable);
    if (!secret?.value) return { ok: false, detail: `variable ${s.secretAccessKeyVariable} is missing or empty` };
    if (secret.masked === false) return { ok: false, detail: `variable ${s.secretAccessKeyVariable} is no longer masked` };
    return { ok: true, detail: `variable ${s.accessKeyIdVariable} holds ${expected}; ${s.secretAccessKeyVariable} is set and masked` };
  },
};
