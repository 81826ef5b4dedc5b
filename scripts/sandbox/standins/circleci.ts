// CircleCI API v2 stand-in for project environment variables. Like CircleCI, it never
// returns a value again: reads show "xxxx" plus the last four characters. Auth quirks kept:
// no token answers JSON, a wrong token answers plain text.
import { header, match, nowIso, objectBody, reply, textReply, type Reply, type StandinRequest } from "./http";
import type { StandinState } from "./state";

export const maskCircleValue = (value: string) => `xxxx${value.slice(-4)}`;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function authFailure(req: StandinRequest, state: StandinState): Reply | null {
  const token = header(req, "circle-token");
  if (!token) return reply(401, { message: "You must log in first." });
  return state.tokens.circleci.has(token) ? null : textReply(401, "Invalid token provided.");
}

export function circleci(req: StandinRequest, state: StandinState): Reply {
  const failure = authFailure(req, state);
  if (failure) return failure;
  const list = match(req.segments, "project/:vcs/:org/:repo/envvar");
  const one = match(req.segments, "project/:vcs/:org/:repo/envvar/:name");
  const params = list ?? one;
  const project = params ? state.circleci.get(`${params.vcs}/${params.org}/${params.repo}`) : undefined;
  if (!project) return reply(404, { message: "Project not found" });
  const render = (name: string, v: { value: string; createdAt: string }) => ({
    name,
    value: maskCircleValue(v.value),
    "created-at": v.createdAt,
  });

  if (list && req.method === "GET") {
    return reply(200, { items: [...project.envVars].map(([name, v]) => render(name, v)), next_page_token: null });
  }
  if (list && req.method === "POST") {
    if (req.invalidJson) return reply(400, { message: "Invalid JSON body." });
    const body = objectBody(req);
    if (typeof body.name !== "string" || !NAME.test(body.name)) return reply(400, { message: "Invalid environment variable name." });
    if (typeof body.value !== "string") return reply(400, { message: "Invalid environment variable value." });
    // Creating an existing name replaces its value.
    const entry = { value: body.value, createdAt: nowIso() };
    project.envVars.set(body.name, entry);
    return reply(201, render(body.name, entry));
  }
  const existing = one ? project.envVars.get(one.name) : undefined;
  if (!one || !existing) return reply(404, { message: "Environment variable not found." });
  if (req.method === "GET") return reply(200, render(one.name, existing));
  if (req.method === "DELETE") {
    project.envVars.delete(one.name);
    return reply(200, { message: "Environment variable deleted." });
  }
  return reply(405, { message: "Method not allowed." });
}
