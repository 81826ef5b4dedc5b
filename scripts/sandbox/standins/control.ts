// The stand-ins' own test API (not part of any real service): read the state, create
// repositories and projects, add or revoke tokens, inject faults, reset.
import { addFault, type FaultSpec } from "./faults";
import { addCircleProject, addGithubRepo, addGitlabProject, addReceiver, addTravisRepo, snapshot } from "./fixtures";
import { match, reply, type Reply } from "./http";
import { standinServiceNamed } from "./services";
import { SERVICES, type ServiceName, type StandinState } from "./state";

const text = (body: Record<string, unknown>, field: string): string => {
  const value = body[field];
  if (typeof value !== "string" || !value) throw new Error(`${field} is required`);
  return value;
};

/**
 * GET /_state · POST /_control/reset · GET|POST|DELETE /_control/faults · DELETE /_control/requests
 * POST /_control/tokens {service, token, action: "add"|"revoke"}
 * POST /_control/github/repos {owner, repo, environments?} · /_control/gitlab/projects {path}
 * POST /_control/travis/repos {slug} · /_control/circleci/projects {slug}
 * POST /_control/webhook/receivers {name, secret} · /_control/slack/hooks {path: "T/B/X"}
 * POST /_control/<service>/<what> {…}: a service of services.ts (its `control`)
 */
export function control(method: string, segments: string[], body: Record<string, unknown>, state: StandinState, reset: () => void): Reply {
  try {
    const route = `${method} ${segments.join("/")}`;
    switch (route) {
      case "GET _state":
        return reply(200, snapshot(state));
      case "POST _control/reset":
        reset();
        return reply(200, { reset: true });
      case "GET _control/faults":
        return reply(200, state.faults.list);
      case "POST _control/faults":
        return reply(201, addFault(state.faults, body as FaultSpec));
      case "DELETE _control/faults":
        state.faults.list.length = 0;
        return reply(204);
      case "DELETE _control/requests":
        state.requests.length = 0;
        return reply(204);
      case "POST _control/tokens": {
        const service = text(body, "service");
        const tokens = SERVICES.includes(service as ServiceName) ? state.tokens[service as ServiceName] : state.services[service]?.tokens;
        if (!tokens) throw new Error(`service must be one of ${[...SERVICES, ...Object.keys(state.services)].join(", ")}`);
        if (body.action === "revoke") tokens.delete(text(body, "token"));
        else tokens.add(text(body, "token"));
        return reply(200, { service, tokens: tokens.size });
      }
      case "POST _control/github/repos": {
        const environments = Array.isArray(body.environments) ? body.environments.filter((e): e is string => typeof e === "string") : [];
        const repo = addGithubRepo(state, text(body, "owner"), text(body, "repo"), environments);
        return reply(201, { id: repo.id, fullName: repo.fullName });
      }
      case "POST _control/gitlab/projects":
        return reply(201, { id: addGitlabProject(state, text(body, "path")).id });
      case "POST _control/travis/repos":
        return reply(201, { id: addTravisRepo(state, text(body, "slug")).id });
      case "POST _control/circleci/projects":
        return reply(201, { slug: addCircleProject(state, text(body, "slug")).slug });
      case "POST _control/webhook/receivers":
        return reply(201, { name: addReceiver(state, text(body, "name"), text(body, "secret")).name });
      case "POST _control/slack/hooks": {
        const path = text(body, "path");
        if (!match(path.split("/"), ":t/:b/:x")) throw new Error("path must look like T000/B000/XXXX");
        state.slackHooks.add(path);
        return reply(201, { path });
      }
      default: {
        // POST /_control/<service>/<what>: a service of services.ts creates its own places.
        const [, name, what] = segments;
        const service = name === undefined ? undefined : standinServiceNamed(name);
        if (service && what && segments.length === 3 && method === "POST") return service.control(what, body, state.services[name!]!.state);
        return reply(404, { error: `no stand-in control route ${method} /${segments.join("/")}` });
      }
    }
  } catch (error) {
    return reply(400, { error: error instanceof Error ? error.message : String(error) });
  }
}
