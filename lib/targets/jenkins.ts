import { z } from "zod";
import { callService, encodeSegment as enc, requireToken, type Service } from "./http";
import { serviceUrl, userAgent } from "./settings";
import type { AccessKey, KeyObservation, TargetConnector, TargetContext } from "./types";

// Jenkins credentials (Credentials plugin REST API) of the AWS Credentials plugin's kind,
// in the global store or a folder's: POST <store>/credential/<id>/config.xml replaces one,
// POST <store>/createCredentials adds it when missing. Basic auth with a user's API token
// (no CSRF crumb needed). Jenkins redacts secrets in config.xml, but accessKey is a plain
// field: currentKeyId reads it, and verify checks that a secret key is stored beside it.
// Unlike GitHub or GitLab, Jenkins cannot use OIDC to assume an AWS role, hence a key.

export const AWS_CREDENTIALS_CLASS = "com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl";
const SEGMENT = /^[A-Za-z0-9_.\- ]+$/;

const settingsSchema = z.object({
  url: serviceUrl(),
  /** "team/deploy" for the folder team » deploy; the global store when empty. */
  folder: z
    .string()
    .trim()
    .max(300)
    // "." and ".." would be resolved away in the URL: the call would reach another folder.
    .refine((v) => v.split("/").every((s) => SEGMENT.test(s) && s !== "." && s !== ".."), "must be folder names separated by /")
    .optional(),
  credentialId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/, "must be letters, digits, dots, dashes and underscores")
    .default("keyless-aws"),
  /** The Jenkins user the API token belongs to. */
  username: z.string().trim().min(1).max(100),
});
export type JenkinsSettings = z.output<typeof settingsSchema>;

/** The credential store's domain URL: global, or the folder's own store. */
export function storeUrl(s: Pick<JenkinsSettings, "url" | "folder">): string {
  if (!s.folder) return `${s.url}/credentials/store/system/domain/_`;
  return `${s.url}/job/${s.folder.split("/").map(enc).join("/job/")}/credentials/store/folder/domain/_`;
}

const escapeXml = (v: string) =>
  v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
const unescapeXml = (v: string) =>
  v
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

export function credentialXml(id: string, key: AccessKey): string {
  return [
    `<${AWS_CREDENTIALS_CLASS}>`,
    "  <scope>GLOBAL</scope>",
    `  <id>${escapeXml(id)}</id>`,
    "  <description>AWS access key managed by Keyless: rotated automatically, do not edit</description>",
    `  <accessKey>${escapeXml(key.accessKeyId)}</accessKey>`,
    `  <secretKey>${escapeXml(key.secretAccessKey)}</secretKey>`,
    "  <iamRoleArn></iamRoleArn>",
    "  <iamMfaSerialNumber></iamMfaSerialNumber>",
    `</${AWS_CREDENTIALS_CLASS}>`,
  ].join("\n");
}

/** What config.xml shows: the credential's kind, its access key, whether a secret is stored. */
export function parseCredentialXml(xml: string): { kind: string; accessKey: string | null; hasSecret: boolean } {
  const kind = /^\s*(?:<\?xml[^>]*\?>\s*)?<([\w.$-]+)/.exec(xml)?.[1] ?? "unknown";
  const accessKey = /<accessKey>([^<]*)<\/accessKey>/.exec(xml)?.[1];
  const secret = /<secretKey>([\s\S]*?)<\/secretKey>/.exec(xml)?.[1]?.trim() ?? "";
  return { kind, accessKey: accessKey ? unescapeXml(accessKey) : null, hasSecret: secret !== "" };
}

function client(ctx: TargetContext<JenkinsSettings>, extraSecrets: string[] = []) {
  const s = ctx.settings;
  const token = requireToken(ctx, "jenkins", "Jenkins");
  const where = s.folder ? `folder ${s.folder}` : "the global credential store";
  const service: Service = {
    target: "jenkins",
    label: "Jenkins",
    notFound: `${where} was not found, or user ${s.username} cannot see it`,
    secrets: [token, ...extraSecrets],
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
  };
  const headers = {
    authorization: `Basic ${Buffer.from(`${s.username}:${token}`).toString("base64")}`,
    "content-type": "application/xml",
    "user-agent": userAgent,
  };
  const store = storeUrl(s);
  const credential = `${store}/credential/${enc(s.credentialId)}/config.xml`;
  const call = (method: "GET" | "POST", url: string, body?: string, accept?: number[]) =>
    callService(service, { method, url, headers, body, accept });
  /** The credential's config.xml, or null when the store exists but the credential does not. */
  const read = async () => {
    const res = await call("GET", credential, undefined, [404]);
    if (res.status !== 404) return parseCredentialXml(String(res.body));
    await call("GET", `${store}/api/json`); // throws "not found" when the store itself is missing
    return null;
  };
  return { call, read, store, credential };
}

async function currentKeyId(ctx: TargetContext<JenkinsSettings>): Promise<KeyObservation> {
  const seen = await client(ctx).read();
  if (!seen) return { kind: "absent" };
  if (seen.kind !== AWS_CREDENTIALS_CLASS)
    return { kind: "unknown", reason: `credential ${ctx.settings.credentialId} is not an AWS credential` };
  return seen.accessKey ? { kind: "exact", accessKeyId: seen.accessKey } : { kind: "absent" };
}

export const jenkinsTarget: TargetConnector<JenkinsSettings> = {
  type: "jenkins",
  label: "Jenkins credential",
  icon: "ConciergeBell",
  fields: [
    { key: "url", label: "Jenkins URL", kind: "url", placeholder: "https://jenkins.example.com", required: true },
    { key: "username", label: "User", placeholder: "keyless-bot", required: true, hint: "The user the API token belongs to." },
    { key: "folder", label: "Folder", placeholder: "team/deploy", hint: "Leave empty for the global credential store." },
    { key: "credentialId", label: "Credential ID", placeholder: "keyless-aws", hint: "What pipelines name in withAWS or withCredentials." },
  ],
  settingsSchema,
  requiresToken: true,
  identity: ["url", "folder", "username"],
  urlFields: ["url"],
  tokenLabel: "Jenkins API token (the user needs Credentials Create and Update)",
  describe: (s) =>
    `Jenkins credential ${s.credentialId} in ${s.folder ? `folder ${s.folder}` : "the global store"} of ${new URL(s.url).host}`,
  async write(ctx, key) {
    const { call, store, credential } = client(ctx, [key.secretAccessKey]);
    const xml = credentialXml(ctx.settings.credentialId, key);
    if ((await call("POST", credential, xml, [404])).status !== 404) return;
    // 409: a retried or concurrent create got there first; replace what it wrote.
    if ((await call("POST", `${store}/createCredentials`, xml, [409])).status === 409) await call("POST", credential, xml);
  },
  currentKeyId,
  async verify(ctx, expected) {
    const id = ctx.settings.credentialId;
    const seen = await client(ctx).read();
    if (!seen) return { ok: false, detail: `credential ${id} is missing` };
    if (seen.kind !== AWS_CREDENTIALS_CLASS) return { ok: false, detail: `credential ${id} is a ${seen.kind}, not an AWS credential` };
    if (seen.accessKey !== expected)
      return { ok: false, detail: `credential ${id} holds ${seen.accessKey ?? "no access key"}, expected ${expected}` };
    if (!seen.hasSecret) return { ok: false, detail: `credential ${id} has no secret key` };
    return { ok: true, detail: `credential ${id} holds ${expected}; its secret key is set (Jenkins never shows it)` };
  },
};
