// GitLab REST API v4 stand-in for project CI/CD variables: list, get, create, update,
// delete, with filter[environment_scope], masking rules and GitLab's error bodies.
import { header, match, objectBody, reply, type Reply, type StandinRequest } from "./http";
import type { GitlabProject, GitlabVariable, StandinState } from "./state";

// GitLab's rule for maskable values: one line, 8+ characters from Base64 plus @ : . ~ - _.
const MASKABLE = /^[a-zA-Z0-9_+=/@:.~-]{8,}$/;
const KEY = /^[a-zA-Z0-9_]{1,255}$/;

function authFailure(req: StandinRequest, state: StandinState): Reply | null {
  const token = header(req, "private-token") ?? /^Bearer\s+(.+)$/i.exec(header(req, "authorization") ?? "")?.[1];
  return token && state.tokens.gitlab.has(token) ? null : reply(401, { message: "401 Unauthorized" });
}

function findProject(state: StandinState, id: string): GitlabProject | undefined {
  if (/^\d+$/.test(id)) return state.gitlab.get(Number(id));
  return [...state.gitlab.values()].find((p) => p.path.toLowerCase() === id.toLowerCase());
}

function scopeFilter(req: StandinRequest): string | undefined {
  const fromBody = objectBody(req).filter as { environment_scope?: unknown } | undefined;
  const value = req.query.get("filter[environment_scope]") ?? fromBody?.environment_scope;
  return typeof value === "string" ? value : undefined;
}

/** Applies the writable fields of a create/update body; an error reply when one is invalid. */
function apply(variable: GitlabVariable, body: Record<string, unknown>): Reply | null {
  for (const field of ["value", "environment_scope", "variable_type"] as const) {
    if (typeof body[field] === "string") variable[field] = body[field];
  }
  for (const field of ["protected", "masked", "raw"] as const) if (typeof body[field] === "boolean") variable[field] = body[field];
  if (typeof body.description === "string") variable.description = body.description;
  if (variable.masked && !MASKABLE.test(variable.value)) return reply(400, { message: { value: ["is invalid"] } });
  return null;
}

export function gitlab(req: StandinRequest, state: StandinState): Reply {
  const failure = authFailure(req, state);
  if (failure) return failure;
  if (req.invalidJson) return reply(400, { error: "The request body could not be parsed as JSON" });
  const list = match(req.segments, "projects/:id/variables");
  const one = match(req.segments, "projects/:id/variables/:key");
  const project = list || one ? findProject(state, (list ?? one)!.id) : undefined;
  if (!project) return reply(404, { message: list || one ? "404 Project Not Found" : "404 Not Found" });

  if (list && req.method === "GET") return reply(200, project.variables);
  if (list && req.method === "POST") {
    const body = objectBody(req);
    if (typeof body.key !== "string" || !KEY.test(body.key))
      return reply(400, { message: { key: ["can contain only letters, digits and '_'."] } });
    if (typeof body.value !== "string") return reply(400, { error: "value is missing" });
    const scope = typeof body.environment_scope === "string" ? body.environment_scope : "*";
    if (project.variables.some((v) => v.key === body.key && v.environment_scope === scope)) {
      return reply(400, { message: { key: [`(${body.key}) has already been taken`] } });
    }
    const variable: GitlabVariable = {
      variable_type: "env_var",
      key: body.key,
      value: "",
      hidden: false,
      protected: false,
      masked: false,
      raw: false,
      environment_scope: scope,
      description: null,
    };
    const invalid = apply(variable, body);
    if (invalid) return invalid;
    project.variables.push(variable);
    return reply(201, variable);
  }
  if (!one) return reply(404, { message: "404 Not Found" });
  const filter = scopeFilter(req);
  const found = project.variables.filter((v) => v.key === one.key && (filter === undefined || v.environment_scope === filter));
  if (found.length === 0) return reply(404, { message: "404 Variable Not Found" });
  if (found.length > 1)
    return reply(409, { message: "There are multiple variables with provided parameters. Please use 'filter[environment_scope]'" });
  const variable = found[0]!;
  if (req.method === "GET") return reply(200, variable);
  if (req.method === "PUT") {
    const updated = { ...variable };
    const invalid = apply(updated, objectBody(req));
    if (invalid) return invalid;
    project.variables[project.variables.indexOf(variable)] = updated;
    return reply(200, updated);
  }
  if (req.method === "DELETE") {
    project.variables.splice(project.variables.indexOf(variable), 1);
    return reply(204);
  }
  return reply(405, { message: "405 Method Not Allowed" });
}
