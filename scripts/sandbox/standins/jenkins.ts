// Jenkins stand-in: the Credentials plugin's REST API for the global store and folder stores
// (/credentials/store/system/domain/_/…, /job/<a>/job/<b>/credentials/store/folder/domain/_/…):
// createCredentials (409 when the id exists), credential/<id>/config.xml GET (secrets
// redacted, as Jenkins does) and POST (replace; a redacted secret keeps the stored one),
// doDelete, api/json. Basic auth with user + API token, as Jenkins answers it: no
// credentials 403 "Authentication required", a wrong token 401, another user's token 401.
import { randomUUID } from "node:crypto";
import { header, reply, textReply, type Reply, type StandinRequest } from "./http";
import type { StandinService } from "./service";

const USER = "keyless-bot";
const KINDS = [
  "com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl",
  "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl",
];
const SECRET_FIELDS = ["secretKey", "password"];
/** Marks a secret sent as <secret-redacted/>: the update keeps the stored value. */
const REDACTED = "\u0000redacted";
type Credential = { kind: string; fields: Record<string, string> };
type Store = Map<string, Credential>;
type JenkinsState = { system: Store; folders: Map<string, Store> };

const html = (status: number, text: string, headers: Record<string, string> = {}): Reply => ({
  status,
  text: `<html><body><h2>HTTP ERROR ${status}</h2><p>${text}</p></body></html>`,
  headers: { "content-type": "text/html;charset=utf-8", ...headers },
});

function authFailure(req: StandinRequest, tokens: ReadonlySet<string>): Reply | null {
  const basic = /^Basic\s+(.+)$/i.exec(header(req, "authorization") ?? "")?.[1];
  if (!basic) return html(403, "Authentication required", { "x-you-are-authenticated-as": "anonymous" });
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  const [user, token] = [decoded.slice(0, decoded.indexOf(":")), decoded.slice(decoded.indexOf(":") + 1)];
  return user === USER && tokens.has(token) ? null : html(401, `Invalid password/token for user: ${user}`);
}

function parseXml(xml: string): Credential | null {
  const kind = /^\s*(?:<\?xml[^>]*\?>\s*)?<([\w.$-]+)[^>]*>/.exec(xml)?.[1];
  if (!kind || !xml.trim().endsWith(`</${kind}>`)) return null;
  const fields: Record<string, string> = {};
  for (const m of xml.matchAll(/<(\w+)>([^<]*)<\/\1>|<(\w+)>\s*<secret-redacted\/>\s*<\/\3>|<(\w+)\/>/g)) {
    if (m[1])
      fields[m[1]] = m[2]!
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, "&");
    else if (m[3]) fields[m[3]] = REDACTED;
    else if (m[4]) fields[m[4]] = "";
  }
  return { kind, fields };
}

const esc = (v: string) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
function renderXml(c: Credential): string {
  const lines = Object.entries(c.fields).map(([k, v]) =>
    SECRET_FIELDS.includes(k) ? `  <${k}>\n    <secret-redacted/>\n  </${k}>` : `  <${k}>${esc(v)}</${k}>`,
  );
  return `<${c.kind} plugin="aws-credentials@231.v08a_59f17d742">\n${lines.join("\n")}\n</${c.kind}>`;
}

/** [store, rest] for …/job/a/job/b/credentials/store/folder/domain/_/<rest>; null when none matches. */
function findStore(state: JenkinsState, segments: string[]): [Store | undefined, string[]] | null {
  const folder: string[] = [];
  let i = 0;
  while (segments[i] === "job" && segments[i + 1] !== undefined) folder.push(segments[(i += 2) - 1]!);
  const [c, s, name, d, domain] = segments.slice(i, i + 5);
  if (c !== "credentials" || s !== "store" || d !== "domain" || domain !== "_") return null;
  const store = folder.length
    ? name === "folder"
      ? state.folders.get(folder.join("/"))
      : undefined
    : name === "system"
      ? state.system
      : undefined;
  return [store, segments.slice(i + 5)];
}

function handle(req: StandinRequest, state: JenkinsState, tokens: ReadonlySet<string>): Reply {
  const failure = authFailure(req, tokens);
  if (failure) return failure;
  const found = findStore(state, req.segments);
  if (!found?.[0]) return html(404, "Not Found");
  const [store, rest] = found;
  const route = `${req.method} ${rest.length === 3 ? `credential/:id/${rest[2]}` : rest.join("/")}`;
  const id = rest[1] ?? "";
  if (route === "GET api/json")
    return reply(200, {
      _class: "com.cloudbees.plugins.credentials.CredentialsStoreAction$DomainWrapper",
      credentials: [...store.keys()].map((k) => ({ id: k })),
    });
  const isXml = /xml/i.test(header(req, "content-type") ?? "");
  if (route === "POST createCredentials") {
    const c = isXml ? parseXml(req.rawBody) : null;
    if (!c || !KINDS.includes(c.kind)) return html(400, "Unsupported or malformed credentials XML");
    c.fields.id ||= randomUUID();
    if (store.has(c.fields.id)) return html(409, `A credential with ID ${c.fields.id} already exists`);
    store.set(c.fields.id, c);
    return { status: 200, text: "" };
  }
  const existing = store.get(id);
  if (!existing || !route.startsWith(`${req.method} credential/:id/`)) return html(404, "Not Found");
  if (route === "GET credential/:id/config.xml")
    return { status: 200, text: renderXml(existing), headers: { "content-type": "application/xml;charset=utf-8" } };
  if (route === "POST credential/:id/config.xml") {
    const c = isXml ? parseXml(req.rawBody) : null;
    if (!c || !KINDS.includes(c.kind) || (c.fields.id && c.fields.id !== id)) return html(400, "Unsupported or malformed credentials XML");
    for (const [k, v] of Object.entries(c.fields)) if (v === REDACTED) c.fields[k] = existing.fields[k] ?? "";
    store.set(id, { ...c, fields: { ...c.fields, id } });
    return { status: 200, text: "" };
  }
  if (route === "POST credential/:id/doDelete") {
    store.delete(id);
    return { status: 302, headers: { location: "../../" } };
  }
  return textReply(405, "Method Not Allowed");
}

const addFolder = (state: JenkinsState, path: string) => {
  const parts = path.split("/").filter(Boolean);
  if (!parts.length) throw new Error("path is required");
  for (let i = 1; i <= parts.length; i++)
    if (!state.folders.has(parts.slice(0, i).join("/"))) state.folders.set(parts.slice(0, i).join("/"), new Map());
};

const storeJson = (store: Store) => Object.fromEntries([...store].map(([id, c]) => [id, { kind: c.kind, ...c.fields }]));

export const jenkins: StandinService<JenkinsState> = {
  name: "jenkins",
  token: "11keylesssandboxjenkinsapitoken0",
  empty: () => ({ system: new Map(), folders: new Map() }),
  handle,
  control(what, body, state) {
    if (what !== "folders" || typeof body.path !== "string") return reply(400, { error: "POST /_control/jenkins/folders {path}" });
    addFolder(state, body.path);
    return reply(201, { path: body.path });
  },
  seed: (state) => addFolder(state, "platform/release"),
  snapshot: (state) => ({
    system: storeJson(state.system),
    folders: Object.fromEntries([...state.folders].map(([p, s]) => [p, storeJson(s)])),
  }),
  fixture: {
    observes: "exact",
    create: (name) => ({ what: "folders", body: { path: `acme/${name}` } }),
    settings: (url, name) => ({ url: `${url}/jenkins`, folder: `acme/${name}`, username: USER }),
    held(snapshot, name) {
      const c = (snapshot as { folders: Record<string, Record<string, Record<string, string>>> }).folders[`acme/${name}`]?.["keyless-aws"];
      return c ? { accessKeyId: c.accessKey, secretAccessKey: c.secretKey } : null;
    },
  },
  demo: {
    name: "release pipeline (Jenkins)",
    iamUserName: "jenkins-release",
    ownerEmail: "mona@example.com",
    settings: (url) => ({ url: `${url}/jenkins`, folder: "platform/release", username: USER }),
  },
};
