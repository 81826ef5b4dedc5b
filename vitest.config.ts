import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  "server-only": path.resolve(import.meta.dirname, "test/empty-module.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    // A stray .only fails CI (and the lint rule in eslint.config.mjs stops it earlier).
    allowOnly: !process.env.CI,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "cli/**/*.test.ts", "scripts/**/*.test.ts"],
          environment: "node",
          // lib/api/routes.test.ts loads every route module; next-auth imports "next/server"
          // without an extension, which only Vite's resolver (not Node's) accepts.
          server: { deps: { inline: ["next-auth"] } },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          // Shares one database, moto and IdP started by scripts/test.ts.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          setupFiles: ["test/integration/setup.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "reliability",
          include: ["test/reliability/**/*.test.ts"],
          environment: "node",
          // One sandbox (scripts/test.ts --only reliability); the files stop Postgres and
          // kill processes, so they run one at a time, in the order listed by their names.
          fileParallelism: false,
          sequence: { shuffle: false },
          testTimeout: 300_000,
          hookTimeout: 180_000,
          setupFiles: ["test/reliability/setup.ts"],
        },
      },
    ],
  },
});
