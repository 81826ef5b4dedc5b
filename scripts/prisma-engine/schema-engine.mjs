#!/usr/bin/env node
// Keyless' offline stand-in for Prisma's native `schema-engine` binary, which the Prisma 7
// CLI downloads from Prisma's servers (unreachable on networks that reach only the npm
// registry). It takes the binary's arguments and speaks its stdio protocol, running
// Prisma's own WebAssembly engine on @prisma/adapter-pg. prisma.config.ts points
// PRISMA_SCHEMA_ENGINE_BINARY here when no native engine is at hand (ADR 002).
import { canConnect, createDatabase, databaseName } from "./connection.mjs";
import { serve } from "./rpc.mjs";
import { engineHash, panics } from "./wasm.mjs";

// Log lines on stderr in the binary's format; the CLI reads error_code and message.
const logLine = (level, fields) => process.stderr.write(JSON.stringify({ level, target: "schema_engine::logger", fields }) + "\n");

function parseArgs(argv) {
  const args = { schemaPaths: [], datasource: {}, command: undefined, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--version" || arg === "-V") args.version = true;
    else if (arg === "--datamodels") args.schemaPaths.push(argv[++i]);
    else if (arg === "--datasource") args.datasource = JSON.parse(argv[++i]);
    else if (arg === "cli") args.command = argv[++i];
    else if (arg === "--enabled-preview-features" || arg === "--extension-types") i++; // no meaning for the Wasm engine
  }
  return args;
}

// `schema-engine cli <command>`: one-shot database checks the CLI runs before migrating.
const ONE_SHOT = {
  "can-connect-to-database": (url) => canConnect(url),
  "create-database": async (url) => {
    await createDatabase(url);
    process.stdout.write(JSON.stringify({ result: databaseName(url) }) + "\n");
  },
};

async function runOneShot(command, url) {
  // The CLI skips the first stderr line of a one-shot command and parses the rest as JSON.
  process.stderr.write(JSON.stringify({ level: "INFO", target: "schema_engine::cli", fields: { message: "offline engine" } }) + "\n");
  const run = ONE_SHOT[command];
  if (!run) {
    logLine("ERROR", { error_code: "P1000", message: `the offline schema engine has no command ${command}` });
    return 1;
  }
  try {
    await run(url);
    return 0;
  } catch (error) {
    if (error.code === "3D000") logLine("ERROR", { error_code: "P1003", message: `Database \`${databaseName(url)}\` does not exist` });
    else logLine("ERROR", { error_code: "P1001", message: `Can't reach database server: ${error.message}` });
    return 1;
  }
}

const args = parseArgs(process.argv.slice(2));
if (args.version) {
  process.stdout.write(`schema-engine-cli ${engineHash()}\n`);
} else if (args.command) {
  process.exitCode = await runOneShot(args.command, args.datasource.url);
} else {
  // A panic outside a request (the engine's own tasks) ends the process as the binary's does.
  process.on("uncaughtException", (error) => {
    logLine("ERROR", { message: panics.get() || String(error?.stack ?? error) });
    process.exit(101);
  });
  serve(args.schemaPaths, args.datasource);
}
