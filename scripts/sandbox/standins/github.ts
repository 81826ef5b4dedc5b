// GitHub REST API stand-in for Actions secrets and variables, repository and environment
// level (API version 2022-11-28). Each repository/environment holds a real libsodium key
// pair; a PUT secret is opened with the private key, so a wrong sealed box is refused with
// 422 like GitHub does, and the decrypted value is kept for tests to assert on.
import sodium from "libsodium-wrappers";
import { header, match, nowIso, objectBody, reply, textReply, type Reply, type StandinRequest } from "./http";
import type { GithubScope, StandinState } from "./state";

const DOCS = "https://docs.github.com/rest";
const notFound = () => reply(404, { message: "Not Found", documentation_url: DOCS, status: "404" });
const invalid = (message: string) => reply(422, { message, documentation_url: DOCS, status: "422" });
const NAME = /^[A-Z_][A-Z0-9_]*$/;

function authFailure(req: StandinRequest, state: StandinState): Reply | null {
  if (!header(req, "user-agent")) {
    return textReply(403, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header.");
  }
  const auth = header(req, "authorization");
  if (!auth) return reply(401, { message: "Requires authentication", documentation_url: DOCS, status: "401" });
  const token = /^(?:Bearer|token)\s+(.+)$/i.exec(auth)?.[1];
  if (!token || !state.tokens.github.has(token)) return reply(401, { message: "Bad credentials", documentation_url: DOCS, status: "401" });
  return null;
}

function checkName(raw: unknown): string | Reply {
  const name = typeof raw === "string" ? raw.toUpperCase() : "";
  if (!NAME.test(name)) return invalid("Invalid request.\n\nName can only contain alphanumeric characters or underscores.");
  if (name.startsWith("GITHUB_")) return invalid("Invalid request.\n\nName must not start with GITHUB_.");
  return name;
}

function putSecret(scope: GithubScope, rawName: string, req: StandinRequest): Reply {
  const name = checkName(rawName);
  if (typeof name !== "string") return name;
  const body = objectBody(req);
  if (typeof body.encrypted_value !== "string" || typeof body.key_id !== "string")
    return invalid("Invalid request.\n\nencrypted_value and key_id are required.");
  if (body.key_id !== scope.keyId) return invalid("Invalid request.\n\nkey_id does not match the current public key.");
  let value: string;
  try {
    const sealed = sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL);
    value = sodium.to_string(sodium.crypto_box_seal_open(sealed, scope.publicKey, scope.privateKey));
  } catch {
    return invalid("Invalid request.\n\nencrypted_value could not be decrypted with the public key.");
  }
  const existing = scope.secrets.get(name);
  const now = nowIso();
  scope.secrets.set(name, { value, created_at: existing?.created_at ?? now, updated_at: now });
  return reply(existing ? 204 : 201, existing ? undefined : {});
}

function variables(scope: GithubScope, rest: string[], req: StandinRequest): Reply {
  const now = nowIso();
  if (match(rest, "variables") && req.method === "POST") {
    const body = objectBody(req);
    const name = checkName(body.name);
    if (typeof name !== "string") return name;
    if (typeof body.value !== "string") return invalid("Invalid request.\n\nvalue is required.");
    if (scope.variables.has(name))
      return reply(409, { message: "Already exists - Variable already exists", documentation_url: DOCS, status: "409" });
    scope.variables.set(name, { value: body.value, created_at: now, updated_at: now });
    return reply(201, {});
  }
  const name = match(rest, "variables/:name")?.name.toUpperCase();
  const existing = name === undefined ? undefined : scope.variables.get(name);
  if (name === undefined || !existing) return notFound();
  if (req.method === "GET") return reply(200, { name, ...existing });
  if (req.method !== "PATCH") return notFound();
  const body = objectBody(req);
  if (body.value !== undefined && typeof body.value !== "string") return invalid("Invalid request.\n\nvalue must be a string.");
  scope.variables.set(name, { ...existing, value: typeof body.value === "string" ? body.value : existing.value, updated_at: now });
  return reply(204);
}

export function github(req: StandinRequest, state: StandinState): Reply {
  const failure = authFailure(req, state);
  if (failure) return failure;
  if (req.invalidJson) return reply(400, { message: "Problems parsing JSON", documentation_url: DOCS, status: "400" });
  const [first, owner, name, kind, ...tail] = req.segments;
  const repo = first === "repos" && owner && name ? state.github.get(`${owner}/${name}`.toLowerCase()) : undefined;
  if (!repo) return notFound();
  let scope: GithubScope | undefined = repo.scope;
  let rest = tail;
  if (kind === "environments") {
    scope = repo.environments.get((tail[0] ?? "").toLowerCase());
    rest = tail.slice(1);
  } else if (kind !== "actions") scope = undefined;
  if (!scope) return notFound();

  if (match(rest, "secrets/public-key") && req.method === "GET") {
    return reply(200, { key_id: scope.keyId, key: sodium.to_base64(scope.publicKey, sodium.base64_variants.ORIGINAL) });
  }
  const secret = match(rest, "secrets/:name");
  if (secret && req.method === "PUT") return putSecret(scope, secret.name, req);
  if (secret && req.method === "GET") {
    const meta = scope.secrets.get(secret.name.toUpperCase());
    return meta ? reply(200, { name: secret.name.toUpperCase(), created_at: meta.created_at, updated_at: meta.updated_at }) : notFound();
  }
  if (rest[0] === "variables") return variables(scope, rest, req);
  return notFound();
}
