import { z } from "zod";
import { callService, encodeSegment as enc, expectBody, failureOf, json, requireToken, type Service } from "./http";
import { DEFAULT_ACCESS_KEY_ID_NAME, DEFAULT_SECRET_ACCESS_KEY_NAME, distinctNames, serviceUrl, userAgent, variableName } from "./settings";
import type { AccessKey, KeyObservation, TargetConnector, TargetContext } from "./types";
import { apiUrlField, keyNameFields } from "./fields";

// CircleCI project environment variables (API v2). CircleCI never returns a value again:
// reads answer "xxxx" plus the last four characters. So currentKeyId can only report that
// suffix, and verify compares the last four characters of the key id; that is all the
// service lets anyone see, and the detail says so.

const settingsSchema = z
  .object({
    apiUrl: serviceUrl("https://circleci.com/api/v2"),
    /** "gh/org/repo", "bb/org/repo" or "circleci/<org id>/<project id>". */
    projectSlug: z
      .string()
      .trim()
      .regex(/^(gh|github|bb|bitbucket|gl|gitlab|circleci)\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "must be a project slug like gh/org/repo"),
    accessKeyIdVariable: variableName(DEFAULT_ACCESS_KEY_ID_NAME),
    secretAccessKeyVariable: variableName(DEFAULT_SECRET_ACCESS_KEY_NAME),
  })
  .superRefine(distinctNames(["accessKeyIdVariable", "secretAccessKeyVariable"]));
export type CircleCiSettings = z.output<typeof settingsSchema>;

const envVar = z.object({ name: z.string(), value: z.string() });

/** "xxxxWXYZ" → the visible suffix; null when too little is visible to compare. */
export function parseMaskedValue(masked: string): string | null {
  const match = /^x{4}(.*)$/.exec(masked);
  const suffix = match?.[1] ?? "";
  return suffix.length >= 4 ? suffix : null;
}

function client(ctx: TargetContext<CircleCiSettings>, extraSecrets: string[] = []) {
  const s = ctx.settings;
  const token = requireToken(ctx, "circleci", "CircleCI");
  const service: Service = {
    target: "circleci",
    label: "CircleCI",
    notFound: `project ${s.projectSlug} was not found, or the token cannot see it`,
    secrets: [token, ...extraSecrets],
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
  };
  const headers = { "circle-token": token, accept: "application/json", "user-agent": userAgent, "content-type": "application/json" };
  const base = `${s.apiUrl}/project/${s.projectSlug.split("/").map(enc).join("/")}/envvar`;
  const call = (method: "GET" | "POST", path: string, body?: unknown, accept?: number[]) =>
    callService(service, { method, url: `${base}${path}`, headers, body: body === undefined ? undefined : json(body), accept });
  /** The masked variable, or null when the project exists but the variable does not. */
  const read = async (name: string) => {
    const res = await call("GET", `/${enc(name)}`, undefined, [404]);
    if (res.status !== 404) return expectBody(service, "the envvar request", envVar, res.body);
    if (/project/i.test(JSON.stringify(res.body ?? ""))) throw failureOf(service, res);
    return null;
  };
  return { call, read };
}

async function write(ctx: TargetContext<CircleCiSettings>, key: AccessKey) {
  const { call } = client(ctx, [key.secretAccessKey]);
  // POST replaces an existing variable of the same name, so a repeat is harmless.
  await call("POST", "", { name: ctx.settings.secretAccessKeyVariable, value: key.secretAccessKey });
  await call("POST", "", { name: ctx.settings.accessKeyIdVariable, value: key.accessKeyId });
}

async function currentKeyId(ctx: TargetContext<CircleCiSettings>): Promise<KeyObservation> {
  const v = await client(ctx).read(ctx.settings.accessKeyIdVariable);
  if (!v) return { kind: "absent" };
  const suffix = parseMaskedValue(v.value);
  if (!suffix) return { kind: "unknown", reason: `CircleCI shows too little of ${ctx.settings.accessKeyIdVariable}` };
  return { kind: "suffix", suffix, hint: "CircleCI shows only the last 4 characters" };
}

export const circleciTarget: TargetConnector<CircleCiSettings> = {
  type: "circleci",
  label: "CircleCI env var",
  icon: "CircleDot",
  fields: [
    { key: "projectSlug", label: "Project slug", placeholder: "gh/acme/web", required: true },
    apiUrlField("https://circleci.com/api/v2"),
    ...keyNameFields("accessKeyIdVariable", "secretAccessKeyVariable", "Variable"),
  ],
  settingsSchema,
  requiresToken: true,
  identity: ["apiUrl", "projectSlug"],
  urlFields: ["apiUrl"],
  tokenLabel: "CircleCI personal API token",
  describe: (s) => `CircleCI env vars of project ${s.projectSlug}`,
  write,
  currentKeyId,
  async verify(ctx, expected) {
    const s = ctx.settings;
    const seen = await currentKeyId(ctx);
    if (seen.kind === "absent") return { ok: false, detail: `env var ${s.accessKeyIdVariable} is missing` };
    if (seen.kind !== "suffix") return { ok: false, detail: seen.kind === "unknown" ? seen.reason : "unexpected observation" };
    if (!expected.endsWith(seen.suffix))
      return {
        ok: false,
        detail: `env var ${s.accessKeyIdVariable} ends in ${seen.suffix}, expected a key ending in ${expected.slice(-4)}`,
      };
    if (!(await client(ctx).read(s.secretAccessKeyVariable)))
      return { ok: false, detail: `env var ${s.secretAccessKeyVariable} is missing` };
    return {
      ok: true,
      detail: `env var ${s.accessKeyIdVariable} ends in ${seen.suffix} like ${expected} (CircleCI shows only the last 4 characters); ${s.secretAccessKeyVariable} is set`,
    };
  },
};
