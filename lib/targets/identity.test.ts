import { describe, expect, it } from "vitest";
import { bindingChanges, bindingFor, canonicalBinding, describeIdentity, targetIdentity } from "./identity";
import { parseTargetSettings, TARGET_TYPES, TARGETS, type TargetType } from "./index";

// Which settings bind a token to its endpoint, per connector: changing any of them needs a
// new token; changing anything else (variable names, scopes, KMS key) does not.

const base: Record<TargetType, Record<string, unknown>> = {
  github: { owner: "acme", repo: "api", environment: "prod" },
  gitlab: { project: "acme/platform/api", environmentScope: "production", protected: true },
  travis: { repository: "acme/legacy", branch: "main" },
  circleci: { projectSlug: "gh/acme/web" },
  secrets_manager: { secretId: "ci/deployer", region: "eu-west-1", kmsKeyId: "alias/ci" },
  webhook: { url: "https://hooks.example.com/keyless", healthUrl: "https://hooks.example.com/health" },
  jenkins: { url: "https://ci.example.com", folder: "team/deploy", username: "keyless-bot" },
};

/** Settings changes that point the token somewhere else, and ones that do not. */
const cases: Record<TargetType, { moves: Record<string, unknown>[]; stays: Record<string, unknown>[] }> = {
  github: {
    moves: [
      { apiUrl: "https://evil.example.com/api/v3" },
      { owner: "someone-else" },
      { repo: "other" },
      { environment: "dev" },
      { environment: undefined },
    ],
    stays: [{ accessKeyIdSecret: "KEY_ID" }, { keyIdVariable: "WHICH_KEY" }],
  },
  gitlab: {
    moves: [{ apiUrl: "https://gitlab.evil.example/api/v4" }, { project: "acme/other" }, { project: 42 }],
    stays: [{ environmentScope: "*" }, { protected: false }, { secretAccessKeyVariable: "SECRET" }],
  },
  travis: { moves: [{ apiUrl: "https://travis.evil.example" }, { repository: "evil/repo" }], stays: [{ branch: "develop" }] },
  circleci: {
    moves: [{ apiUrl: "https://circle.evil.example/api/v2" }, { projectSlug: "gh/evil/web" }],
    stays: [{ accessKeyIdVariable: "ID" }],
  },
  secrets_manager: { moves: [{ secretId: "someone/elses-secret" }, { region: "us-east-1" }], stays: [{ kmsKeyId: "alias/other" }] },
  webhook: { moves: [{ url: "https://attacker.example/collect" }, { healthUrl: "https://attacker.example/health" }], stays: [] },
  jenkins: {
    moves: [{ url: "https://jenkins.evil.example" }, { folder: "other-team" }, { folder: undefined }, { username: "admin" }],
    stays: [{ credentialId: "aws-prod" }],
  },
};

describe("token binding per connector", () => {
  it("declares identity and URL fields that are fields of its settings", () => {
    for (const type of TARGET_TYPES) {
      const shape = (TARGETS[type].settingsSchema as unknown as { shape: Record<string, unknown> }).shape;
      for (const field of [...TARGETS[type].identity, ...TARGETS[type].urlFields])
        expect(Object.keys(shape), `${type}.${field}`).toContain(field);
      for (const field of TARGETS[type].urlFields) expect(TARGETS[type].identity, `${type}.${field}`).toContain(field);
    }
  });

  it.each(TARGET_TYPES)("%s: moving the endpoint changes the binding; other settings do not", (type) => {
    const before = bindingFor(type, parseTargetSettings(type, base[type]));
    for (const change of cases[type].moves) {
      const after = bindingFor(type, parseTargetSettings(type, { ...base[type], ...change }));
      expect(
        bindingChanges(before, after).map((c) => c.field),
        JSON.stringify(change),
      ).toEqual(Object.keys(change));
      expect(canonicalBinding(after)).not.toBe(canonicalBinding(before));
    }
    for (const change of cases[type].stays) {
      const after = bindingFor(type, parseTargetSettings(type, { ...base[type], ...change }));
      expect(bindingChanges(before, after), JSON.stringify(change)).toEqual([]);
      expect(canonicalBinding(after)).toBe(canonicalBinding(before));
    }
  });

  it("records old and new values, and a change of target type as such", () => {
    const github = bindingFor("github", parseTargetSettings("github", base.github));
    const moved = bindingFor("github", parseTargetSettings("github", { ...base.github, apiUrl: "https://evil.example.com" }));
    expect(bindingChanges(github, moved)).toEqual([{ field: "apiUrl", from: "https://api.github.com", to: "https://evil.example.com" }]);
    const webhook = bindingFor("webhook", parseTargetSettings("webhook", base.webhook));
    expect(bindingChanges(github, webhook)).toEqual([{ field: "type", from: "github", to: "webhook" }]);
  });

  it("does not depend on the order settings were stored in", () => {
    const a = targetIdentity("github", { repo: "api", owner: "acme", apiUrl: "https://api.github.com" });
    const b = targetIdentity("github", { apiUrl: "https://api.github.com", owner: "acme", repo: "api" });
    expect(canonicalBinding({ type: "github", identity: a })).toBe(canonicalBinding({ type: "github", identity: b }));
  });
});

describe("describeIdentity", () => {
  it("names the fields in the connector's order, whatever order a stored binding kept", () => {
    // Postgres jsonb gives keys back shortest first: repo, owner, apiUrl.
    const stored = {
      type: "github" as const,
      identity: { repo: "api", owner: "acme", apiUrl: "https://api.github.com", environment: null },
    };
    expect(describeIdentity(stored)).toBe("apiUrl https://api.github.com, owner acme, repo api");
    expect(describeIdentity(bindingFor("webhook", { healthUrl: "https://h.example.com/h", url: "https://h.example.com/u" }))).toBe(
      "url https://h.example.com/u, healthUrl https://h.example.com/h",
    );
  });
});
