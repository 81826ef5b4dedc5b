// Loads Prisma's WebAssembly schema engine (@prisma/schema-engine-wasm, the build matching
// prisma's engine hash). Its entry module imports the .wasm file as an ES module, which
// Node 20 cannot do without a flag, so instantiate the module against its JS glue here.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import { EngineAdapterFactory } from "./adapter.mjs";

// The Wasm engine reports a Rust panic's message here before it throws a RuntimeError.
export const panics = {
  message: "",
  get() {
    return this.message;
  },
  set_message(message) {
    this.message = `RuntimeError: ${message}`;
  },
};
globalThis.PRISMA_WASM_PANIC_REGISTRY = panics;

// The package exports only its JS modules; its other files sit beside them.
const packageDir = path.dirname(createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg"));

/** The engine build this is (the package's version ends in the engines hash). */
export function engineHash() {
  const { version } = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8"));
  return version.slice(version.lastIndexOf(".") + 1);
}

let started = false;
function instantiate() {
  if (started) return;
  started = true;
  const compiled = new WebAssembly.Module(readFileSync(path.join(packageDir, "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(compiled, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
}

// Without any schema file the Wasm engine panics (e.g. `migrate diff --from-migrations`).
const EMPTY_SCHEMA = ["schema.prisma", 'datasource db {\n  provider = "postgresql"\n}\n'];

/**
 * A schema engine for the given schema files and datasource ({url, shadowDatabaseUrl?}).
 * `log` receives the engine's tracing lines.
 */
export async function startEngine(schemaPaths, datasource, log) {
  instantiate();
  const datamodels = schemaPaths.map((file) => [file, readFileSync(path.resolve(file), "utf8")]);
  if (datamodels.length === 0) datamodels.push(EMPTY_SCHEMA);
  const adapter = bindMigrationAwareSqlAdapterFactory(new EngineAdapterFactory(datasource.url, datasource.shadowDatabaseUrl));
  return glue.SchemaEngine.new({ datamodels }, log, adapter);
}
