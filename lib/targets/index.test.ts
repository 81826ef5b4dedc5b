import { icons } from "lucide-react";
import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { bindTarget, parseTargetSettings, settingLabel, TARGET_OPTIONS, TARGETS } from "./index";
import { TARGET_TYPES } from "./index";

describe("target registry", () => {
  it("has one connector per type, each under its own key", () => {
    expect(TARGET_OPTIONS.map((o) => o.type)).toEqual([...TARGET_TYPES]);
    for (const type of TARGET_TYPES) expect(TARGETS[type].type).toBe(type);
    expect(TARGET_OPTIONS.find((o) => o.type === "secrets_manager")?.requiresToken).toBe(false);
  });

  it("lays out each connector's form from its own schema, with an icon that exists", () => {
    for (const option of TARGET_OPTIONS) {
      const shape = (TARGETS[option.type].settingsSchema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      const keys = option.fields.map((f) => f.key);
      expect(new Set(keys).size, option.type).toBe(keys.length);
      for (const key of keys) expect(Object.keys(shape), `${option.type}.${key}`).toContain(key);
      // Every setting the schema has can be given in the form.
      expect([...keys].sort(), option.type).toEqual(Object.keys(shape).sort());
      expect(icons[option.icon], option.type).toBeDefined();
      // Plain data: it crosses from server components to the client form.
      expect(JSON.parse(JSON.stringify(option))).toEqual(option);
    }
    expect(settingLabel("github", "apiUrl")).toBe("API base URL");
    expect(settingLabel("retired-target", "apiUrl")).toBe("apiUrl");
  });
});

describe("settings validation", () => {
  it("applies the real services' URLs and the usual variable names by default", () => {
    expect(parseTargetSettings("github", { owner: "acme", repo: "api" })).toEqual({
      apiUrl: "https://api.github.com",
      owner: "acme",
      repo: "api",
      accessKeyIdSecret: "AWS_ACCESS_KEY_ID",
      secretAccessKeySecret: "AWS_SECRET_ACCESS_KEY",
      keyIdVariable: "KEYLESS_AWS_ACCESS_KEY_ID",
    });
    expect(parseTargetSettings("gitlab", { project: 42 })).toMatchObject({
      apiUrl: "https://gitlab.com/api/v4",
      project: "42",
      environmentScope: "*",
      protected: false,
    });
    expect(parseTargetSettings("travis", { repository: "acme/legacy" }).apiUrl).toBe("https://api.travis-ci.com");
    expect(parseTargetSettings("circleci", { projectSlug: "gh/acme/web" }).apiUrl).toBe("https://circleci.com/api/v2");
  });

  it("takes http(s) URLs without credentials, and strips a trailing slash (where they may point: check-settings.test.ts)", () => {
    expect(parseTargetSettings("github", { owner: "a", repo: "b", apiUrl: "http://localhost:4200/github/" }).apiUrl).toBe(
      "http://localhost:4200/github",
    );
    expect(() => parseTargetSettings("github", { owner: "a", repo: "b", apiUrl: "ftp://github.internal" })).toThrow(
      /apiUrl: must be an http\(s\) URL/,
    );
    expect(() => parseTargetSettings("webhook", { url: "hooks.example.com/x" })).toThrow(ValidationError);
    expect(() => parseTargetSettings("webhook", { url: "https://user:pw@hooks.example.com/x" })).toThrow(/must not contain credentials/);
    expect(parseTargetSettings("webhook", { url: "https://hooks.example.com/keyless" }).url).toBe("https://hooks.example.com/keyless");
  });

  it("refuses settings that would break the target, naming the field", () => {
    const fails = (type: Parameters<typeof parseTargetSettings>[0], raw: unknown, path: string) => {
      try {
        parseTargetSettings(type, raw);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
        return;
      }
      throw new Error(`${type} accepted ${JSON.stringify(raw)}`);
    };
    fails("github", { owner: "acme", repo: "api/../x" }, "repo");
    fails("github", { owner: "acme", repo: "api", secretAccessKeySecret: "GITHUB_TOKEN" }, "secretAccessKeySecret");
    fails("github", { owner: "acme", repo: "api", secretAccessKeySecret: "aws_access_key_id" }, "secretAccessKeySecret");
    fails("gitlab", { project: "just-a-name" }, "project");
    fails("gitlab", { project: 1, accessKeyIdVariable: "1ABC" }, "accessKeyIdVariable");
    fails("travis", { repository: "acme" }, "repository");
    fails("circleci", { projectSlug: "acme/web" }, "projectSlug");
    fails("secrets_manager", { secretId: "has spaces" }, "secretId");
    fails("secrets_manager", { secretId: "ci/deployer", region: "mars" }, "region");
    fails("webhook", {}, "url");
  });

  it("accepts Secrets Manager names and ARNs", () => {
    expect(parseTargetSettings("secrets_manager", { secretId: "ci/deployer-key" }).secretId).toBe("ci/deployer-key");
    const arn = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:ci/deployer-AbCdEf";
    expect(parseTargetSettings("secrets_manager", { secretId: arn, region: "eu-west-1" })).toEqual({ secretId: arn, region: "eu-west-1" });
  });

  it("binds validated settings and describes the target for people", () => {
    const bound = bindTarget("github", { owner: "acme", repo: "api", environment: "prod" });
    expect(bound.description).toBe("GitHub Actions secrets of acme/api (environment prod)");
    expect(bindTarget("circleci", { projectSlug: "gh/acme/web" }).description).toBe("CircleCI env vars of project gh/acme/web");
    expect(bindTarget("webhook", { url: "https://hooks.example.com/secret-path-token" }).description).toBe(
      "Webhook https://hooks.example.com/…",
    );
    expect(() => bindTarget("gitlab", {})).toThrow(/The GitLab CI variable target is invalid: project: must be a project id/);
  });
});
