import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Credentials } from "../api-types.js";
import { CredentialSource } from "../credential-source.js";
import { applyExport, describeProfile, PROFILE_NAME } from "../credentials-file.js";
import { CliError, EXIT, UsageError } from "../errors.js";
import { writeAtomic } from "../files.js";
import { print, say } from "../output.js";
import { awsCredentialsFile } from "../paths.js";

// `keyless export --role R --profile NAME [--watch]`: short-lived keys in [NAME] of the shared
// credentials file, for tools that read nothing else. The block carries a marker comment and
// its expiry; without --watch it simply stops working when the credentials expire. With
// --watch it is rewritten before they expire and removed when the watch is stopped.

const RETRY_MS = 30_000;

async function readText(file: string): Promise<string> {
  return readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
}

/** Rewrites [profile] in `file` (0600, atomically) with `c`, or removes Keyless's part when null. */
async function update(file: string, profile: string, c: Credentials | null, role: string): Promise<void> {
  const text = await readText(file);
  const next = applyExport(text, profile, c, `written by \`keyless export\` for ${role}`);
  if (next !== text || c) await writeAtomic(file, next, 0o600);
}

export async function exportProfile(options: {
  role: string;
  profile: string;
  durationSeconds?: number;
  file?: string;
  watch: boolean;
  force: boolean;
}): Promise<void> {
  const { role, profile } = options;
  if (!profile) throw new UsageError("Which profile? Pass --profile NAME (the [NAME] to write in ~/.aws/credentials).");
  if (!PROFILE_NAME.test(profile)) throw new UsageError(`--profile ${profile}: use letters, digits and . _ @ + - (up to 64).`);
  const file = options.file ? path.resolve(options.file) : awsCredentialsFile();
  const existing = describeProfile(await readText(file), profile);
  if (existing.exists && !existing.ours && !options.force)
    throw new CliError(
      `[${profile}] in ${file} was not written by Keyless; it is left alone.`,
      "Choose another --profile, or pass --force to replace its keys.",
      EXIT.refused,
    );
  const source = new CredentialSource(role, options.durationSeconds);
  const first = await source.current();
  await update(file, profile, first, role);
  print(`Wrote [${profile}] to ${file}; its credentials expire at ${first.expiration}.`);
  if (!options.watch) {
    say(
      `keyless: the profile stops working then: run this again, or add --watch to keep it fresh. Try: aws sts get-caller-identity --profile ${profile}`,
    );
    return;
  }
  say("keyless: refreshing it before it expires; Ctrl-C (or SIGTERM) removes it.");
  await new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    // One file operation at a time, so a refresh under way cannot write the block back after removal.
    let work = Promise.resolve();
    const schedule = (ms: number) => (timer = setTimeout(refresh, Math.max(1000, ms)));
    const refresh = () => {
      work = work.then(async () => {
        if (stopped) return;
        try {
          const c = await source.current();
          if (stopped) return;
          await update(file, profile, c, role);
          say(`keyless: refreshed [${profile}]; expires at ${c.expiration}.`);
          schedule(source.nextRefreshAt - Date.now());
        } catch (error) {
          // Keyless unreachable for a while: the block keeps its keys until they expire; try again soon.
          say(`keyless: could not refresh [${profile}]: ${error instanceof Error ? error.message : String(error)}`);
          schedule(RETRY_MS);
        }
      });
    };
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      work = work
        .then(() => update(file, profile, null, role))
        .then(() => {
          print(`Removed [${profile}] from ${file}.`);
          resolve();
        }, reject);
    };
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, stop);
    schedule(source.nextRefreshAt - Date.now());
  });
}
