#!/usr/bin/env node
// Wraps the workplace's offline Prisma schema engine (../shared/tools), which applies
// migrations through @prisma/adapter-pg. adapter-pg 7.10's executeScript splits a script
// on every ";", which breaks PL/pgSQL function bodies (our audit-log triggers). Postgres'
// simple query protocol runs a whole multi-statement script in one call, so run it whole.
// Used only where the shared tool exists; elsewhere Prisma's native engine is used.
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const projectDir = process.env.PRISMA_PROJECT_DIR ?? process.cwd();
const require = createRequire(path.join(projectDir, "package.json"));
const { PrismaPg } = await import(pathToFileURL(require.resolve("@prisma/adapter-pg")).href);

const patched = new WeakSet();
const connect = PrismaPg.prototype.connect;
PrismaPg.prototype.connect = async function (...args) {
  const adapter = await connect.apply(this, args);
  const proto = Object.getPrototypeOf(adapter);
  if (!patched.has(proto)) {
    patched.add(proto);
    proto.executeScript = async function (script) {
      try {
        await this.client.query(script);
      } catch (error) {
        this.onError(error);
      }
    };
  }
  return adapter;
};

const shared = process.env.KEYLESS_SHARED_SCHEMA_ENGINE;
if (!shared) throw new Error("KEYLESS_SHARED_SCHEMA_ENGINE is not set");
await import(pathToFileURL(shared).href);
