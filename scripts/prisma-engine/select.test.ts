import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chooseSchemaEngine, engineHash, OFFLINE_ENGINE, applySchemaEngineChoice } from "./select";

const root = path.resolve(import.meta.dirname, "../..");
const HASH = "0123456789abcdef0123456789abcdef01234567";
let project: string;
let cache: string;

function place(file: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, "");
}

beforeEach(() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "keyless-engine-"));
  project = path.join(dir, "project");
  cache = path.join(dir, "cache");
  const manifest = path.join(project, "node_modules/@prisma/schema-engine-wasm/package.json");
  mkdirSync(path.dirname(manifest), { recursive: true });
  writeFileSync(manifest, JSON.stringify({ version: `7.10.0-4.${HASH}` }));
  mkdirSync(path.join(project, "node_modules/@prisma/engines"), { recursive: true });
});
afterEach(() => rmSync(path.dirname(project), { recursive: true, force: true }));

describe("choosing the schema engine", () => {
  it("uses the offline engine when no native engine was downloaded, and points Prisma at it", () => {
    place(path.join(project, "node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x.sha256"));
    const env: Record<string, string> = { XDG_CACHE_HOME: cache };
    expect(applySchemaEngineChoice(project, env).engine).toBe("offline");
    expect(env.PRISMA_SCHEMA_ENGINE_BINARY).toBe(OFFLINE_ENGINE);
    accessSync(OFFLINE_ENGINE, constants.X_OK); // Prisma runs the file itself
  });

  it("keeps Prisma's native engine when it is installed or in Prisma's cache for this build", () => {
    const cached = path.join(cache, "prisma/master", HASH, "debian-openssl-3.0.x/schema-engine");
    place(path.join(cache, "prisma/master/another-build/debian-openssl-3.0.x/schema-engine"));
    expect(chooseSchemaEngine(project, { XDG_CACHE_HOME: cache }).engine).toBe("offline");
    place(cached);
    expect(chooseSchemaEngine(project, { XDG_CACHE_HOME: cache })).toEqual({ engine: "native", reason: `found ${cached}` });
    rmSync(cached);
    place(path.join(project, "node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x"));
    const env: Record<string, string> = { XDG_CACHE_HOME: cache };
    expect(applySchemaEngineChoice(project, env).engine).toBe("native");
    expect(env.PRISMA_SCHEMA_ENGINE_BINARY).toBeUndefined();
  });

  it("obeys KEYLESS_PRISMA_ENGINE and an explicit PRISMA_SCHEMA_ENGINE_BINARY", () => {
    place(path.join(project, "node_modules/prisma/schema-engine-darwin-arm64"));
    expect(chooseSchemaEngine(project, { KEYLESS_PRISMA_ENGINE: "offline" }).engine).toBe("offline");
    expect(chooseSchemaEngine(project, { KEYLESS_PRISMA_ENGINE: "native", XDG_CACHE_HOME: cache }).engine).toBe("native");
    const own = { PRISMA_SCHEMA_ENGINE_BINARY: "/opt/schema-engine", XDG_CACHE_HOME: cache };
    expect(applySchemaEngineChoice(project, { ...own })).toEqual({ engine: "native", reason: "PRISMA_SCHEMA_ENGINE_BINARY is set" });
    expect(() => chooseSchemaEngine(project, { KEYLESS_PRISMA_ENGINE: "wasm" })).toThrow(/offline, native or auto/);
  });
});

describe("the offline engine", () => {
  it("is the build the installed Prisma CLI expects", () => {
    const versions = JSON.parse(readFileSync(path.join(root, "node_modules/@prisma/engines-version/package.json"), "utf8")) as {
      prisma: { enginesVersion: string };
    };
    expect(engineHash(root)).toBe(versions.prisma.enginesVersion);
    expect(execFileSync(OFFLINE_ENGINE, ["--version"], { encoding: "utf8" })).toBe(`schema-engine-cli ${engineHash(root)}\n`);
  });

  it("reports an unreachable database the way the Prisma CLI reads it", () => {
    const datasource = JSON.stringify({ url: "postgresql://nobody:x@127.0.0.1:1/keyless" });
    const run = spawnSync(OFFLINE_ENGINE, ["--datasource", datasource, "cli", "can-connect-to-database"], { encoding: "utf8" });
    expect(run.status).toBe(1);
    const [, error] = run.stderr
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { level: string; fields: Record<string, string> });
    expect(error).toMatchObject({ level: "ERROR", fields: { error_code: "P1001" } });
  });
});
