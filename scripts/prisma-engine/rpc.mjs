// The JSON-RPC 2.0 conversation the Prisma CLI holds with a schema engine over stdio: one
// JSON object per line each way. Requests are answered by the Wasm engine; the few things
// it does differently from the native binary are bridged here.
import readline from "node:readline";
import { createDatabase } from "./connection.mjs";
import { panics, startEngine } from "./wasm.mjs";

// Same method, another name in the Wasm engine.
const RENAMED = { getDatabaseVersion: "version" };
const send = (message) => process.stdout.write(JSON.stringify({ jsonrpc: "2.0", ...message }) + "\n");

function errorReply(id, error) {
  const isPanic = error instanceof WebAssembly.RuntimeError;
  const message = (isPanic && panics.get()) || (error?.message ?? String(error));
  const data = { is_panic: isPanic, message, error_code: error?.code, meta: error?.meta };
  return { id, error: { code: 4466, message: "An error happened. Check the data field for details.", data } };
}

async function answer(engine, id, method, params) {
  if (method === "createDatabase") {
    // Runs before any database exists, so not through the engine (which would connect to it).
    const name = await createDatabase(params?.datasource?.url ?? engine.datasource.url);
    return { databaseName: name };
  }
  const wasm = await engine.ready();
  const name = RENAMED[method] ?? method;
  if (typeof wasm[name] !== "function") throw new Error(`the offline schema engine does not support ${method}`);
  if (method === "evaluateDataLoss" && params?.migrationsList?.migrationDirectories?.length) {
    // The Wasm engine's evaluateDataLoss (`migrate dev`) cannot open a shadow database by
    // itself ("must be provided through an external factory"); a shadow-database diagnosis
    // first opens one through our adapter, which the engine then reuses.
    const { migrationsList, filters } = params;
    await wasm.diagnoseMigrationHistory({ migrationsList, filters, optInToShadowDatabase: true });
  }
  const result = await wasm[name](params ?? undefined);
  if (method === "diff" && typeof result?.stdout === "string") {
    // The native engine sends its output to the CLI as a "print" request; the Wasm one returns it.
    if (result.stdout) send({ id: `print-${id}`, method: "print", params: { content: result.stdout.replace(/\n$/, "") } });
    return { exitCode: result.exitCode };
  }
  return result;
}

/** Serves requests from stdin until the CLI closes it, then exits once every reply is sent. */
export function serve(schemaPaths, datasource) {
  let started;
  const log = (line) => process.stderr.write(String(line) + "\n");
  const engine = { datasource, ready: () => (started ??= startEngine(schemaPaths, datasource, log)) };
  const pending = new Set();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const { id, method, params } = JSON.parse(line);
    if (method === undefined) return; // the CLI's reply to a "print" request
    const reply = answer(engine, id, method, params).then(
      (result) => send({ id, result: result ?? null }),
      (error) => send(errorReply(id, error)),
    );
    pending.add(reply);
    void reply.finally(() => pending.delete(reply));
  });
  lines.on("close", () => void Promise.allSettled([...pending]).then(() => process.exit(0)));
}
