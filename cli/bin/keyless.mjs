#!/usr/bin/env node
// The `keyless` command. The CLI is TypeScript compiled to ../dist (by `npm run build:cli`,
// which `npm install` runs in the repository, and before `npm pack` of this package).
import { existsSync } from "node:fs";

const main = new URL("../dist/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("keyless: the CLI is not built. In the Keyless repository run `npm run build:cli` (or `npm install`).\n");
  process.exit(1);
}
const { run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
