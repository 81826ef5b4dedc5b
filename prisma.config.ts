import { defineConfig } from "prisma/config";
import { applySchemaEngineChoice } from "./scripts/prisma-engine/select";

// Prisma's native schema engine is downloaded from Prisma's servers; where that download
// failed, the project's own offline engine (scripts/prisma-engine, on Prisma's WebAssembly
// engine) stands in. KEYLESS_PRISMA_ENGINE=offline|native forces either (ADR 002).
applySchemaEngineChoice(import.meta.dirname);

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  // Migrations run as the tables' owner; the app's own role (DATABASE_URL) may not alter
  // them (ADR 020). DATABASE_URL stays the fallback for a database with a single role.
  datasource: { url: process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL ?? "" },
});
