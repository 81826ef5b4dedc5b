import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

// No import loops. A loop hides which module depends on which, and a value read while its
// module is still being evaluated is undefined. Dependencies point one way: app → lib domain
// modules (approvals, rotation, …) → lib infrastructure (db, errors, net); shared types and
// pure helpers sit in their own modules; lib/targets/index.ts is the targets' registry, and
// connectors never import it back. This runs madge (MIT, a pinned devDependency) over the
// same graph as `npx madge --circular --extensions ts,tsx --ts-config tsconfig.json`:
// type-only and lazy `import()` edges count too.

type MadgeResult = { circular(): string[][] };
type MadgeConfig = { baseDir: string; fileExtensions: string[]; tsConfig: string; excludeRegExp: RegExp[] };
const madge = createRequire(import.meta.url)("madge") as (paths: string[], config: MadgeConfig) => Promise<MadgeResult>;

const ROOT = path.resolve(import.meta.dirname, "..");
const SOURCES = ["app", "lib", "components", "scripts", "cli/src", "proxy.ts", "instrumentation.ts"];

describe("imports", () => {
  it("form no loops in product code", { timeout: 180_000 }, async () => {
    const graph = await madge(
      SOURCES.map((s) => path.join(ROOT, s)),
      {
        baseDir: ROOT,
        fileExtensions: ["ts", "tsx"],
        tsConfig: path.join(ROOT, "tsconfig.json"),
        excludeRegExp: [/^lib\/generated\//], // Prisma's generated client
      },
    );
    const loops = graph.circular().map((loop) => loop.join(" > "));
    expect(loops, "import loops: move the shared part (types, a pure helper) into a module both sides import").toEqual([]);
  });
});
