import { beforeEach, describe, expect, it } from "vitest";
import { bindTarget, TargetError } from "@/lib/targets";
import { apiUrls, failure, newKey, sandboxAccountCredentials, standins, standinsUrl, STANDIN_TOKENS, unique } from "./targets-helpers";

// How connectors fail: refused tokens and missing repositories stop at once with a clear,
// non-retryable error; 5xx, 429, resets and timeouts are retried a bounded number of times;
// and no message ever carries the secret key or the token.

async function githubTarget(token: string = STANDIN_TOKENS.github) {
  const repo = unique("svc");
  await standins.githubRepo("acme", repo);
  const target = bindTarget("github", { apiUrl: apiUrls.github, owner: "acme", repo });
  return { repo, target, runtime: { token } };
}
const putSecretPath = (repo: string) => `/github/repos/acme/${repo}/actions/secrets/AWS_SECRET_ACCESS_KEY`;

/** Fails the test if any secret appears in the error's message or its JSON form. */
function expectNoSecrets(error: Error, secrets: string[]) {
  const text = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
  for (const s of secrets) expect(text).not.toContain(s);
}

beforeEach(async () => {
  await standins.clearFaults();
});

describe("refused credentials and missing resources", () => {
  it.each([
    ["github", { apiUrl: apiUrls.github, owner: "acme", repo: "deploy-bot" }, 401],
    ["gitlab", { apiUrl: apiUrls.gitlab, project: "acme/platform/api" }, 401],
    ["travis", { apiUrl: apiUrls.travis, repository: "acme/legacy-app" }, 403],
    ["circleci", { apiUrl: apiUrls.circleci, projectSlug: "gh/acme/web" }, 401],
  ] as const)("%s: a wrong token is a non-retryable TargetError saying the token was refused", async (type, settings, status) => {
    const token = `wrong-${unique("token")}`;
    const key = newKey();
    const error = await failure(() => bindTarget(type, settings).write({ token }, key));
    expect(error).toBeInstanceOf(TargetError);
    expect(error).toMatchObject({ retryable: false, httpStatus: status });
    expect(error.message).toMatch(/the API token was refused/);
    expectNoSecrets(error, [token, key.secretAccessKey]);
  });

  it("a token revoked at the service stops working", async () => {
    const token = `ghp_${unique("temp")}`;
    await standins.addToken("github", token);
    const { target } = await githubTarget();
    await target.write({ token }, newKey());
    await standins.revokeToken("github", token);
    expect(await failure(() => target.currentKeyId({ token }))).toMatchObject({ reason: "auth", retryable: false });
  });

  it("a missing repository or project is not found, never 'holds no key'", async () => {
    const gh = bindTarget("github", { apiUrl: apiUrls.github, owner: "acme", repo: "does-not-exist" });
    const ghError = await failure(() => gh.currentKeyId({ token: STANDIN_TOKENS.github }));
    expect(ghError).toMatchObject({ reason: "not_found", retryable: false });
    expect(ghError.message).toMatch(/repository acme\/does-not-exist was not found/);
    const gl = bindTarget("gitlab", { apiUrl: apiUrls.gitlab, project: "acme/nope" });
    expect(await failure(() => gl.currentKeyId({ token: STANDIN_TOKENS.gitlab }))).toMatchObject({ reason: "not_found" });
    const cc = bindTarget("circleci", { apiUrl: apiUrls.circleci, projectSlug: "gh/acme/nope" });
    expect(await failure(() => cc.currentKeyId({ token: STANDIN_TOKENS.circleci }))).toMatchObject({ reason: "not_found" });
    const sm = bindTarget("secrets_manager", { secretId: "arn:aws:secretsmanager:us-east-1:111111111111:secret:missing-AbCdEf" });
    const aws = { credentials: await sandboxAccountCredentials() };
    const runtime = { token: null, aws, integration: { id: "int_sm", name: "sm" } };
    expect(await failure(() => sm.write(runtime, newKey()))).toMatchObject({ reason: "not_found", retryable: false });
  });

  it("a target without its token fails before calling the service", async () => {
    const { target } = await githubTarget();
    expect(await failure(() => target.write({ token: null }, newKey()))).toMatchObject({ reason: "misconfigured", retryable: false });
  });
});

describe("retries", () => {
  it("retries a burst of 500s and succeeds", async () => {
    const { repo, target, runtime } = await githubTarget();
    await standins.fault({ path: putSecretPath(repo), method: "PUT", status: 500, count: 2 });
    const key = newKey();
    await target.write(runtime, key);
    const puts = await standins.requests(putSecretPath(repo), "PUT");
    expect(puts.map((r) => r.status)).toEqual([500, 500, 201]);
    expect((await standins.state()).github[`acme/${repo}`]?.secrets.AWS_SECRET_ACCESS_KEY?.value).toBe(key.secretAccessKey);
  });

  it("waits out a 429 with Retry-After, and retries a dropped connection", async () => {
    const { repo, target, runtime } = await githubTarget();
    await standins.fault({ path: putSecretPath(repo), status: 429, headers: { "retry-after": "1" } });
    await standins.fault({ path: `/github/repos/acme/${repo}/actions/variables`, action: "reset" });
    const started = Date.now();
    await target.write(runtime, newKey());
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect((await standins.requests(`/github/repos/acme/${repo}/actions/variables`)).map((r) => r.status)).toEqual([0, 404, 201]);
  });

  it("gives up after a bounded number of attempts, as a retryable error", async () => {
    const { repo, target, runtime } = await githubTarget();
    await standins.fault({ path: putSecretPath(repo), status: 503, count: 20 });
    const error = await failure(() => target.write(runtime, newKey()));
    expect(error).toMatchObject({ reason: "unavailable", retryable: true, httpStatus: 503 });
    expect(await standins.requests(putSecretPath(repo))).toHaveLength(4);
  });

  it("times out a slow answer and retries it", async () => {
    const { repo, target } = await githubTarget();
    await standins.fault({ path: `/github/repos/acme/${repo}/actions/variables/`, method: "GET", action: "delay", delayMs: 1500 });
    const runtime = { token: STANDIN_TOKENS.github, timeoutMs: 300 };
    expect((await target.currentKeyId(runtime)).kind).toBe("absent");
    await standins.fault({
      path: `/github/repos/acme/${repo}/actions/variables/`,
      method: "GET",
      action: "delay",
      delayMs: 1500,
      count: 10,
    });
    expect(await failure(() => target.currentKeyId(runtime))).toMatchObject({ reason: "timeout", retryable: true });
  });
});

describe("secrets stay out of errors", () => {
  it("redacts a secret a service echoes back in its error", async () => {
    const { repo, target, runtime } = await githubTarget();
    const key = newKey();
    await standins.fault({
      path: putSecretPath(repo),
      status: 422,
      body: { message: `Bad value ${key.secretAccessKey} for ${runtime.token}` },
    });
    const error = await failure(() => target.write(runtime, key));
    expect(error).toMatchObject({ reason: "rejected", retryable: false });
    expect(error.message).toContain("Bad value [redacted] for [redacted]");
    expectNoSecrets(error, [key.secretAccessKey, runtime.token]);
  });

  it("a webhook receiver with another signing secret refuses, and keeps nothing", async () => {
    const name = unique("hook");
    await standins.webhookReceiver(name, "whsec_receiver_side_secret");
    const target = bindTarget("webhook", { url: `${standinsUrl}/webhook/${name}` });
    const key = newKey();
    const error = await failure(() => target.write({ token: "whsec_keyless_side_other" }, key));
    expect(error).toMatchObject({ reason: "auth", retryable: false });
    expect(error.message).toMatch(/same signing secret/);
    expectNoSecrets(error, [key.secretAccessKey, "whsec_keyless_side_other"]);
    const deliveries = (await standins.state()).webhooks[name]?.deliveries ?? [];
    expect(deliveries).toEqual([expect.objectContaining({ signature: "mismatch" })]);
    expect(JSON.stringify(deliveries)).not.toContain(key.secretAccessKey);
  });
});
