import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema } from "@/lib/env";
import { INTERNAL, readExampleDocs, renderReference } from "./config-reference";

const root = path.resolve(import.meta.dirname, "..");
const example = readFileSync(path.join(root, ".env.example"), "utf8");

describe("configuration reference", () => {
  it("documents every variable lib/env.ts accepts in .env.example", () => {
    const documented = readExampleDocs(example);
    const missing = Object.keys(envSchema.shape).filter((k) => !INTERNAL.has(k) && !documented.get(k)?.description);
    expect(missing).toEqual([]);
  });

  it("docs/configuration.md is up to date (npx tsx scripts/config-reference.ts)", () => {
    expect(readFileSync(path.join(root, "docs", "configuration.md"), "utf8")).toBe(renderReference(example));
  });
});
