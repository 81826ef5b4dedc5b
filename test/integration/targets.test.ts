import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { beforeAll, describe, expect, it } from "vitest";
import { bindTarget, observationMatches, type AccessKey, type TargetType } from "@/lib/targets";
import type { TargetRuntime } from "@/lib/targets";
import { STANDIN_SERVICES } from "../../scripts/sandbox/standins/services";
import { motoUrl } from "./helpers";
import { apiUrls, failure, newKey, sandboxAccountCredentials, standins, standinsUrl, STANDIN_TOKENS, unique } from "./targets-helpers";

// Each connector against its stand-in (moto for Secrets Manager): write → currentKeyId →
// verify, a repeated write, then a second key; and what the service really holds.

type Case = {
  type: TargetType;
  observes: "exact" | "suffix" | "unknown";
  setup(): Promise<{ settings: unknown; runtime: TargetRuntime }>;
  /** Asserts the service now holds exactly this key, as the service itself stores it. */
  holds(key: AccessKey): Promise<void>;
};

const cases: Record<string, Case> = {};
const names = { github: "", githubEnv: "", gitlab: "", travis: "", circleci: "", webhook: "", secret: "" };

cases["GitHub repository secret"] = {
  type: "github",
  observes: "exact",
  async setup() {
    names.github = unique("api");
    await standins.githubRepo("acme", names.github);
    return { settings: { apiUrl: apiUrls.github, owner: "acme", repo: names.github }, runtime: { token: STANDIN_TOKENS.github } };
  },
  async holds(key) {
    const repo = (await standins.state()).github[`acme/${names.github}`]!;
    // The stand-in opened the sealed boxes with the repository's private key.
    expect(repo.secrets.AWS_ACCESS_KEY_ID?.value).toBe(key.accessKeyId);
    expect(repo.secrets.AWS_SECRET_ACCESS_KEY?.value).toBe(key.secretAccessKey);
    expect(repo.variables.KEYLESS_AWS_ACCESS_KEY_ID?.value).toBe(key.accessKeyId);
  },
};

cases["GitHub environment secret"] = {
  type: "github",
  observes: "exact",
  async setup() {
    names.githubEnv = unique("deploy");
    await standins.githubRepo("acme", names.githubEnv, ["production"]);
    const settings = {
      apiUrl: apiUrls.github,
      owner: "acme",
      repo: names.githubEnv,
      environment: "production",
      secretAccessKeySecret: "DEPLOY_AWS_SECRET",
    };
    return { settings, runtime: { token: STANDIN_TOKENS.github } };
  },
  async holds(key) {
    const repo = (await standins.state()).github[`acme/${names.githubEnv}`]!;
    expect(repo.environments.production?.secrets.DEPLOY_AWS_SECRET?.value).toBe(key.secretAccessKey);
    expect(repo.environments.production?.variables.KEYLESS_AWS_ACCESS_KEY_ID?.value).toBe(key.accessKeyId);
    expect(repo.secrets).toEqual({}); // nothing leaked to repository level
  },
};

cases["GitLab CI variable"] = {
  type: "gitlab",
  observes: "exact",
  async setup() {
    names.gitlab = `acme/${unique("platform")}`;
    await standins.gitlabProject(names.gitlab);
    return {
      settings: { apiUrl: apiUrls.gitlab, project: names.gitlab, environmentScope: "production", protected: true },
      runtime: { token: STANDIN_TOKENS.gitlab },
    };
  },
  async holds(key) {
    const vars = (await standins.state()).gitlab[names.gitlab]!.variables;
    expect(vars).toHaveLength(2);
    expect(vars.find((v) => v.key === "AWS_SECRET_ACCESS_KEY")).toMatchObject({
      value: key.secretAccessKey,
      masked: true,
      protected: true,
      environment_scope: "production",
    });
    expect(vars.find((v) => v.key === "AWS_ACCESS_KEY_ID")).toMatchObject({
      value: key.accessKeyId,
      masked: false,
      environment_scope: "production",
    });
  },
};

cases["Travis CI env var"] = {
  type: "travis",
  observes: "exact",
  async setup() {
    names.travis = `acme/${unique("legacy")}`;
    await standins.travisRepo(names.travis);
    return { settings: { apiUrl: apiUrls.travis, repository: names.travis }, runtime: { token: STANDIN_TOKENS.travis } };
  },
  async holds(key) {
    const vars = (await standins.state()).travis[names.travis]!.envVars;
    expect(vars).toHaveLength(2);
    expect(vars.find((v) => v.name === "AWS_SECRET_ACCESS_KEY")).toMatchObject({ value: key.secretAccessKey, public: false });
    expect(vars.find((v) => v.name === "AWS_ACCESS_KEY_ID")).toMatchObject({ value: key.accessKeyId, public: true });
  },
};

cases["CircleCI env var"] = {
  type: "circleci",
  observes: "suffix",
  async setup() {
    names.circleci = `gh/acme/${unique("web")}`;
    await standins.circleProject(names.circleci);
    return { settings: { apiUrl: apiUrls.circleci, projectSlug: names.circleci }, runtime: { token: STANDIN_TOKENS.circleci } };
  },
  async holds(key) {
    const vars = (await standins.state()).circleci[names.circleci]!.envVars;
    expect(vars.AWS_ACCESS_KEY_ID?.value).toBe(key.accessKeyId);
    expect(vars.AWS_SECRET_ACCESS_KEY?.value).toBe(key.secretAccessKey);
  },
};

cases["signed webhook with a health URL"] = {
  type: "webhook",
  observes: "unknown",
  async setup() {
    names.webhook = unique("log-shipper");
    await standins.webhookReceiver(names.webhook, "whsec_test_receiver_secret");
    const url = `${standinsUrl}/webhook/${names.webhook}`;
    return {
      settings: { url, healthUrl: url },
      runtime: { token: "whsec_test_receiver_secret", integration: { id: "int_1", name: "log shipper" } },
    };
  },
  async holds(key) {
    const receiver = (await standins.state()).webhooks[names.webhook]!;
    const last = receiver.deliveries.at(-1)!;
    expect(last).toMatchObject({
      signature: "valid",
      event: "keyless.key_rotated",
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
    });
    expect(last.integration).toEqual({ id: "int_1", name: "log shipper" });
    expect(receiver.heldKeyId).toBe(key.accessKeyId);
  },
};

cases["AWS Secrets Manager (moto, assumed role)"] = {
  type: "secrets_manager",
  observes: "exact",
  async setup() {
    names.secret = `keyless/${unique("ci-deployer")}`;
    // Written for an integration: the secret is created tagged as its own.
    const runtime = { token: null, aws: { credentials: await sandboxAccountCredentials() }, integration: { id: "int_sm", name: "ci" } };
    return { settings: { secretId: names.secret }, runtime };
  },
  async holds(key) {
    const sm = new SecretsManagerClient({ endpoint: motoUrl, region: "us-east-1", credentials: await sandboxAccountCredentials() });
    const out = await sm.send(new GetSecretValueCommand({ SecretId: names.secret }));
    expect(JSON.parse(out.SecretString ?? "")).toEqual({ AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey });
    // The secret is in the integration's account (111111111111), not the server's own.
    const hub = new SecretsManagerClient({
      endpoint: motoUrl,
      region: "us-east-1",
      credentials: { accessKeyId: "sandbox-hub", secretAccessKey: "x" },
    });
    await expect(hub.send(new GetSecretValueCommand({ SecretId: names.secret }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    expect(out.ARN).toContain(":111111111111:");
  },
};

// The targets whose stand-ins plug in through standins/service.ts describe their own places.
for (const service of STANDIN_SERVICES) {
  const name = unique("svc");
  cases[`${service.name} (stand-in of services.ts)`] = {
    type: service.name as TargetType,
    observes: service.fixture.observes,
    async setup() {
      const { what, body } = service.fixture.create(name);
      await standins.place(service.name, what, body);
      return { settings: service.fixture.settings(standinsUrl, name), runtime: { token: service.token } };
    },
    async holds(key) {
      expect(service.fixture.held((await standins.state()).services[service.name], name)).toEqual(key);
    },
  };
}

describe.each(STANDIN_SERVICES.map((s) => [s.name, s] as const))("%s refusals", (_, service) => {
  it("a wrong token is refused as such, without retries, and the place is left as it was", async () => {
    const name = unique("svc");
    const { what, body } = service.fixture.create(name);
    await standins.place(service.name, what, body);
    const target = bindTarget(service.name as TargetType, service.fixture.settings(standinsUrl, name));
    const error = await failure(() => target.write({ token: "not-the-token" }, newKey()));
    expect(error).toMatchObject({ name: "TargetError", reason: "auth", retryable: false });
    expect(error.message).not.toContain("not-the-token");
    expect(service.fixture.held((await standins.state()).services[service.name], name)).toBeNull();
  });

  it("a place that does not exist is reported as not found", async () => {
    const target = bindTarget(service.name as TargetType, service.fixture.settings(standinsUrl, unique("missing")));
    const error = await failure(() => target.write({ token: service.token }, newKey()));
    expect(error).toMatchObject({ name: "TargetError", reason: "not_found", retryable: false });
  });
});

describe.each(Object.entries(cases))("%s", (_, c) => {
  let target: ReturnType<typeof bindTarget>;
  let runtime: TargetRuntime;
  beforeAll(async () => {
    const setup = await c.setup();
    target = bindTarget(c.type, setup.settings);
    runtime = setup.runtime;
  });

  it("writes a key, reads back which key it holds, and verifies it", async () => {
    const before = await target.currentKeyId(runtime);
    expect(before.kind).toBe(c.observes === "unknown" ? "unknown" : "absent");
    const first = newKey();
    await target.write(runtime, first);
    await c.holds(first);
    const seen = await target.currentKeyId(runtime);
    expect(seen.kind).toBe(c.observes);
    expect(observationMatches(seen, first.accessKeyId)).toBe(c.observes === "unknown" ? "unknown" : true);
    const verified = await target.verify(runtime, first.accessKeyId);
    expect(verified, verified.detail).toMatchObject({ ok: true });
    expect(verified.detail).not.toContain(first.secretAccessKey);
  });

  it("is idempotent, and a second key replaces the first", async () => {
    const first = newKey();
    await target.write(runtime, first);
    await target.write(runtime, first); // a retried push must leave the same end state
    await c.holds(first);
    const second = newKey();
    await target.write(runtime, second);
    await c.holds(second);
    expect((await target.verify(runtime, second.accessKeyId)).ok).toBe(true);
    const stale = await target.verify(runtime, first.accessKeyId);
    expect(stale.ok).toBe(false);
    // The detail names what the service holds instead (a webhook's health URL can only say no).
    const held = { exact: second.accessKeyId, suffix: second.accessKeyId.slice(-4), unknown: "does not hold" }[c.observes];
    expect(stale.detail).toContain(held);
  });
});
