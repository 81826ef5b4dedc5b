// Travis CI API v3 stand-in for repository settings env vars: list, create, show, update,
// delete, addressed by repository id or URL-encoded slug, with Travis's @type'd JSON.
import { randomUUID } from "node:crypto";
import { header, match, objectBody, reply, type Reply, type StandinRequest } from "./http";
import type { StandinState, TravisEnvVar, TravisRepo } from "./state";

const error = (status: number, type: string, message: string, extra: Record<string, unknown> = {}) =>
  reply(status, { "@type": "error", error_type: type, error_message: message, ...extra });

function authFailure(req: StandinRequest, state: StandinState): Reply | null {
  // api.travis-ci.com answers an older API without this header; the stand-in refuses instead
  // so that a client forgetting it fails its tests.
  if (header(req, "travis-api-version") !== "3")
    return error(400, "wrong_params", "this stand-in speaks API v3 only: send Travis-API-Version: 3");
  const token = /^token\s+(.+)$/i.exec(header(req, "authorization") ?? "")?.[1];
  return token && state.tokens.travis.has(token) ? null : error(403, "login_required", "login required");
}

function findRepo(state: StandinState, id: string): TravisRepo | undefined {
  if (/^\d+$/.test(id)) return state.travis.get(Number(id));
  return [...state.travis.values()].find((r) => r.slug.toLowerCase() === id.toLowerCase());
}

/** Travis never shows a private variable's value again. */
const render = (repo: TravisRepo, v: TravisEnvVar) => ({
  "@type": "env_var",
  "@href": `/repo/${repo.id}/env_var/${v.id}`,
  "@representation": "standard",
  "@permissions": { read: true, write: true },
  id: v.id,
  name: v.name,
  ...(v.public ? { value: v.value } : {}),
  public: v.public,
  branch: v.branch,
});

/** Accepts both `{"env_var.name": …}` and `{"env_var": {"name": …}}`. */
function field(body: Record<string, unknown>, name: string): unknown {
  const nested = body.env_var as Record<string, unknown> | undefined;
  return body[`env_var.${name}`] ?? nested?.[name];
}

export function travis(req: StandinRequest, state: StandinState): Reply {
  const failure = authFailure(req, state);
  if (failure) return failure;
  const list = match(req.segments, "repo/:repo/env_vars");
  const one = match(req.segments, "repo/:repo/env_var/:id");
  const repo = list || one ? findRepo(state, (list ?? one)!.repo) : undefined;
  if (!repo) return error(404, "not_found", "repository not found (or insufficient access)", { resource_type: "repository" });
  const body = objectBody(req);

  if (list && req.method === "GET") {
    return reply(200, {
      "@type": "env_vars",
      "@href": `/repo/${repo.id}/env_vars`,
      "@representation": "standard",
      env_vars: repo.envVars.map((v) => render(repo, v)),
    });
  }
  if (list && req.method === "POST") {
    const name = field(body, "name");
    const value = field(body, "value");
    const branch = field(body, "branch");
    if (typeof name !== "string" || !name || typeof value !== "string")
      return error(400, "wrong_params", "missing env_var.name or env_var.value");
    const branchName = typeof branch === "string" && branch ? branch : null;
    if (repo.envVars.some((v) => v.name === name && v.branch === branchName))
      return error(409, "duplicate_resource", "resource already exists");
    const created: TravisEnvVar = { id: randomUUID(), name, value, public: field(body, "public") === true, branch: branchName };
    repo.envVars.push(created);
    return reply(201, render(repo, created));
  }
  const existing = one ? repo.envVars.find((v) => v.id === one.id) : undefined;
  if (!existing) return error(404, "not_found", "env_var not found (or insufficient access)", { resource_type: "env_var" });
  if (req.method === "GET") return reply(200, render(repo, existing));
  if (req.method === "PATCH") {
    const [name, value, isPublic] = [field(body, "name"), field(body, "value"), field(body, "public")];
    if (typeof name === "string" && name) existing.name = name;
    if (typeof value === "string") existing.value = value;
    if (typeof isPublic === "boolean") existing.public = isPublic;
    return reply(200, render(repo, existing));
  }
  if (req.method === "DELETE") {
    repo.envVars.splice(repo.envVars.indexOf(existing), 1);
    return reply(204);
  }
  return error(405, "method_not_allowed", "method not allowed");
}
