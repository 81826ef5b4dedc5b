// Creating what the stand-ins know about (repositories, projects, receivers), the demo
// seed, and the JSON view of the state that /_state serves.
import sodium from "libsodium-wrappers";
import { STANDIN_SERVICES } from "./services";
import { githubScope, type GithubScope, SERVICES, SLACK_HOOK_PATH, STANDIN_TOKENS, type StandinState } from "./state";

export function addGithubRepo(state: StandinState, owner: string, repo: string, environments: string[] = []) {
  const key = `${owner}/${repo}`.toLowerCase();
  const existing = state.github.get(key) ?? {
    id: state.nextId++,
    fullName: `${owner}/${repo}`,
    scope: githubScope(state),
    environments: new Map(),
  };
  for (const env of environments)
    if (!existing.environments.has(env.toLowerCase())) existing.environments.set(env.toLowerCase(), githubScope(state));
  state.github.set(key, existing);
  return existing;
}

export function addGitlabProject(state: StandinState, path: string) {
  const existing = [...state.gitlab.values()].find((p) => p.path.toLowerCase() === path.toLowerCase());
  if (existing) return existing;
  const project = { id: state.nextId++, path, variables: [] };
  state.gitlab.set(project.id, project);
  return project;
}

export function addTravisRepo(state: StandinState, slug: string) {
  const existing = [...state.travis.values()].find((r) => r.slug.toLowerCase() === slug.toLowerCase());
  if (existing) return existing;
  const repo = { id: state.nextId++, slug, envVars: [] };
  state.travis.set(repo.id, repo);
  return repo;
}

export function addCircleProject(state: StandinState, slug: string) {
  const existing = state.circleci.get(slug) ?? { slug, envVars: new Map() };
  state.circleci.set(slug, existing);
  return existing;
}

export function addReceiver(state: StandinState, name: string, secret: string) {
  const existing = state.receivers.get(name);
  if (existing) existing.secret = secret;
  else state.receivers.set(name, { name, secret, heldKeyId: null, deliveries: [] });
  return state.receivers.get(name)!;
}

/** The sandbox tokens, and the targets the demo's integrations point at. */
export function seedDemo(state: StandinState): void {
  for (const service of SERVICES) state.tokens[service].add(STANDIN_TOKENS[service]);
  state.slackHooks.add(SLACK_HOOK_PATH);
  addGithubRepo(state, "acme", "deploy-bot", ["production"]);
  addGitlabProject(state, "acme/platform/api");
  addTravisRepo(state, "acme/legacy-app");
  addCircleProject(state, "gh/acme/web");
  addReceiver(state, "log-shipper", STANDIN_TOKENS.webhook);
  for (const service of STANDIN_SERVICES) {
    const own = state.services[service.name]!;
    own.tokens.add(service.token);
    service.seed(own.state);
  }
}

const b64 = (bytes: Uint8Array) => sodium.to_base64(bytes, sodium.base64_variants.ORIGINAL);
const entries = <V, R>(map: Map<string, V>, f: (v: V) => R) => Object.fromEntries([...map].map(([k, v]) => [k, f(v)]));
const scopeJson = (s: GithubScope) => ({
  keyId: s.keyId,
  publicKey: b64(s.publicKey),
  secrets: entries(s.secrets, (v) => v), // decrypted: proves the sealed box was right
  variables: entries(s.variables, (v) => v),
});

/** Everything tests may want to assert on, as JSON (GitHub private keys left out). */
export function snapshot(state: StandinState) {
  return {
    github: Object.fromEntries(
      [...state.github.values()].map((r) => [
        r.fullName,
        { id: r.id, ...scopeJson(r.scope), environments: entries(r.environments, scopeJson) },
      ]),
    ),
    gitlab: Object.fromEntries([...state.gitlab.values()].map((p) => [p.path, { id: p.id, variables: p.variables }])),
    travis: Object.fromEntries([...state.travis.values()].map((r) => [r.slug, { id: r.id, envVars: r.envVars }])),
    circleci: Object.fromEntries([...state.circleci.values()].map((p) => [p.slug, { envVars: entries(p.envVars, (v) => v) }])),
    webhooks: entries(state.receivers, (r) => ({ heldKeyId: r.heldKeyId, deliveries: r.deliveries, secret: r.secret })),
    services: Object.fromEntries(STANDIN_SERVICES.map((s) => [s.name, s.snapshot(state.services[s.name]!.state)])),
    // The API tokens each service accepts (the security suite searches for them in logs).
    tokens: {
      ...Object.fromEntries(SERVICES.map((s) => [s, [...state.tokens[s]]])),
      ...Object.fromEntries(STANDIN_SERVICES.map((s) => [s.name, [...state.services[s.name]!.tokens]])),
    },
    slack: state.slack,
    slackResponses: state.slackResponses,
    faults: state.faults.list,
    requests: state.requests,
  };
}
export type StandinSnapshot = ReturnType<typeof snapshot>;
