import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sodium from "libsodium-wrappers";
import { beforeAll, describe, expect, it } from "vitest";
import { addGithubRepo, seedDemo, snapshot } from "./fixtures";
import { loadStandins, saveStandins } from "./persist";
import { emptyState, STANDIN_TOKENS, type GithubScope } from "./state";

const KEY_ID = "AKIAPERSISTTEST00001";
const SECRET = "persisted-secret-access-key-value-0001";

function sealedFile() {
  const dir = mkdtempSync(path.join(tmpdir(), "standins-"));
  return { file: path.join(dir, "standins.state"), key: randomBytes(32) };
}

function seededState() {
  const state = emptyState();
  seedDemo(state);
  const repo = addGithubRepo(state, "acme", "deploy-bot", ["production"]);
  const now = new Date().toISOString();
  const production = repo.environments.get("production") as GithubScope;
  production.secrets.set("AWS_ACCESS_KEY_ID", { value: KEY_ID, created_at: now, updated_at: now });
  production.secrets.set("AWS_SECRET_ACCESS_KEY", { value: SECRET, created_at: now, updated_at: now });
  return state;
}

beforeAll(async () => {
  await sodium.ready;
});

describe("the stand-ins' kept state", () => {
  it("comes back as it was: targets' keys, GitHub's key pairs, tokens", () => {
    const file = sealedFile();
    const state = seededState();
    saveStandins(file, state);
    const loaded = loadStandins(file)!;
    expect(snapshot(loaded)).toEqual(snapshot(state));
    const scope = loaded.github.get("acme/deploy-bot")!.environments.get("production")!;
    // The private key still opens what is sealed to the public key (GitHub's secrets API).
    const sealed = sodium.crypto_box_seal("hello", scope.publicKey);
    expect(sodium.to_string(sodium.crypto_box_seal_open(sealed, scope.publicKey, scope.privateKey))).toBe("hello");
    expect(loaded.tokens.github.has(STANDIN_TOKENS.github)).toBe(true);
  });

  it("is sealed and private on disk: no secret or token in clear, mode 0600, no temporary file left", () => {
    const file = sealedFile();
    saveStandins(file, seededState());
    const raw = readFileSync(file.file).toString("latin1");
    for (const secret of [SECRET, KEY_ID, STANDIN_TOKENS.github, STANDIN_TOKENS.webhook]) expect(raw).not.toContain(secret);
    expect(statSync(file.file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file.file))).toEqual(["standins.state"]);
  });

  it("is none when there is no file, and set aside when it was altered or the key is wrong", () => {
    const file = sealedFile();
    expect(loadStandins(file)).toBeNull();
    saveStandins(file, seededState());
    expect(loadStandins({ ...file, key: randomBytes(32) })).toBeNull();
    expect(readdirSync(path.dirname(file.file))).toEqual(["standins.state.unreadable"]);

    saveStandins(file, seededState());
    const bytes = readFileSync(file.file);
    bytes[bytes.length - 1]! ^= 1;
    writeFileSync(file.file, bytes);
    expect(loadStandins(file)).toBeNull();
  });
});
