import { readFile } from "node:fs/promises";
import { CliError, EXIT } from "../errors.js";
import type { Check } from "../doctor/check.js";
import { envKeyCheck, fileKeyChecks } from "../doctor/keys.js";
import { profileChecks } from "../doctor/profiles.js";
import { probeServer } from "../doctor/server.js";
import { sessionChecks } from "../doctor/session.js";
import { print } from "../output.js";
import { awsConfigFile, awsCredentialsFile } from "../paths.js";
import { readServer, readSession } from "../store.js";

// `keyless doctor`: every check, each with ✔ (fine), ! (worth fixing) or ✘ (broken) and
// the command or step that fixes it. Exits 1 when anything is broken, so scripts can use it.

const MARK = { ok: "✔", warn: "!", fail: "✘" } as const;

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export async function runChecks(): Promise<Check[]> {
  const session = await readSession();
  const server = session?.server ?? (await readServer());
  const probe = await probeServer(server);
  const signedIn = await sessionChecks(session, server, probe.reachable);
  const configFile = awsConfigFile();
  const keysFile = awsCredentialsFile();
  const retirePage = server ? `see ${server}/migrate` : "see Keyless's “Retire your keys” page";
  const [configText, keysText] = await Promise.all([readText(configFile), readText(keysFile)]);
  return [
    ...probe.checks,
    ...signedIn.checks,
    ...profileChecks(configText, configFile, signedIn.roles, process.env.PATH),
    ...fileKeyChecks(keysText, keysFile, retirePage),
    envKeyCheck(process.env),
  ];
}

export async function doctor(options: { json: boolean }): Promise<void> {
  const checks = await runChecks();
  const failed = checks.filter((c) => c.status === "fail").length;
  if (options.json) print(JSON.stringify({ ok: failed === 0, checks }, null, 2));
  else
    for (const c of checks) {
      print(`${MARK[c.status]} ${c.area.padEnd(12)} ${c.message}`);
      if (c.fix) print(`  ${" ".repeat(12)} fix: ${c.fix}`);
    }
  if (failed > 0) throw new CliError(`${failed} check${failed === 1 ? "" : "s"} failed.`, null, EXIT.failure);
}
