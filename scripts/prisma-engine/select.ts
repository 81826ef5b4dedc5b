// Which schema engine the Prisma CLI runs, decided from files alone (no network probe), so
// the same checkout behaves the same way every time (ADR 002):
// 1. KEYLESS_PRISMA_ENGINE=offline → ours; =native → Prisma's own (downloaded if absent).
// 2. PRISMA_SCHEMA_ENGINE_BINARY already set → that binary, untouched.
// 3. A native engine of the right build installed or cached → Prisma's own.
// 4. Otherwise (its download failed, e.g. no route to Prisma's servers) → ours.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type EngineChoice = { engine: "native" | "offline"; reason: string };

type Env = Record<string, string | undefined>;

export const OFFLINE_ENGINE = path.join(import.meta.dirname, "schema-engine.mjs");

/** The engine build the Wasm package implements (its version ends in the engines hash). */
export function engineHash(projectDir: string): string {
  const manifest = path.join(projectDir, "node_modules/@prisma/schema-engine-wasm/package.json");
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  return version.slice(version.lastIndexOf(".") + 1);
}

const isEngineFile = (name: string) => /^schema-engine-[\w.-]+$/.test(name) && !/\.(sha256|gz|lock)$/.test(name);

/** Where Prisma keeps a native engine: next to the CLI, in @prisma/engines, or in its download cache. */
export function findNativeEngine(projectDir: string, env: Env): string | undefined {
  for (const dir of ["node_modules/prisma", "node_modules/@prisma/engines"]) {
    const folder = path.join(projectDir, dir);
    const found = existsSync(folder) ? readdirSync(folder).find(isEngineFile) : undefined;
    if (found) return path.join(folder, found);
  }
  const cacheRoot = env.XDG_CACHE_HOME ? path.join(env.XDG_CACHE_HOME, "prisma") : path.join(os.homedir(), ".cache/prisma");
  const builds = path.join(cacheRoot, "master", engineHash(projectDir));
  if (!existsSync(builds)) return undefined;
  return readdirSync(builds)
    .map((target) => path.join(builds, target, "schema-engine"))
    .find((file) => existsSync(file));
}

export function chooseSchemaEngine(projectDir: string, env: Env): EngineChoice {
  const forced = env.KEYLESS_PRISMA_ENGINE;
  if (forced === "offline" || forced === "native") return { engine: forced, reason: `KEYLESS_PRISMA_ENGINE=${forced}` };
  if (forced && forced !== "auto") throw new Error(`KEYLESS_PRISMA_ENGINE must be offline, native or auto, not "${forced}"`);
  if (env.PRISMA_SCHEMA_ENGINE_BINARY) return { engine: "native", reason: "PRISMA_SCHEMA_ENGINE_BINARY is set" };
  const native = findNativeEngine(projectDir, env);
  if (native) return { engine: "native", reason: `found ${native}` };
  return { engine: "offline", reason: "no native schema engine installed or cached" };
}

/** Points the Prisma CLI (and the engines it spawns) at our engine when that is the choice. */
export function applySchemaEngineChoice(projectDir: string, env: Env = process.env): EngineChoice {
  const choice = chooseSchemaEngine(projectDir, env);
  if (choice.engine === "offline") env.PRISMA_SCHEMA_ENGINE_BINARY = OFFLINE_ENGINE;
  return choice;
}
