import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// On machines without internet the Prisma CLI cannot download its native schema engine.
// When the workplace's offline stand-in is present beside the repo, use it; elsewhere
// Prisma downloads its own binary as usual. (docs/adr/002-prisma-offline-engine.md)
// Our wrapper (scripts/prisma-engine-offline.mjs) lets it apply PL/pgSQL function bodies.
const offlineEngine = path.resolve(import.meta.dirname, "../shared/tools/prisma-schema-engine-offline.mjs");
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && existsSync(offlineEngine)) {
  process.env.KEYLESS_SHARED_SCHEMA_ENGINE = offlineEngine;
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.resolve(import.meta.dirname, "scripts/prisma-engine-offline.mjs");
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  // Migrations run as the tables' owner; the app's own role (DATABASE_URL) may not alter
  // them (ADR 020). DATABASE_URL stays the fallback for a database with a single role.
  datasource: { url: process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL ?? "" },
});
