import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { applyProfiles, profilesOutsideBlock, type Profile } from "../aws-config.js";
import { signedInClient } from "../client.js";
import { listRoles } from "../credentials.js";
import { UsageError } from "../errors.js";
import { writeAtomic } from "../files.js";
import { print, say } from "../output.js";
import { awsConfigFile } from "../paths.js";
import { keylessProfileName, roleReference } from "../profiles.js";
import { selfCommand } from "../self-command.js";

async function readConfig(file: string): Promise<{ text: string; mode: number | null }> {
  try {
    const [text, st] = await Promise.all([readFile(file, "utf8"), stat(file)]);
    return { text, mode: st.mode & 0o777 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { text: "", mode: null };
    throw error;
  }
}

/**
 * Writes a `[profile keyless-<account>-<role>]` with `credential_process` for each role the
 * person may use, inside Keyless's own marked block of ~/.aws/config. Other profiles are
 * left byte for byte; a hand-written profile of the same name is kept and reported.
 */
export async function configure(options: {
  region?: string;
  command?: string;
  dryRun: boolean;
  remove: boolean;
  file?: string;
}): Promise<void> {
  const file = options.file ? path.resolve(options.file) : awsConfigFile();
  const { text, mode } = await readConfig(file);
  if (options.region && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(options.region))
    throw new UsageError(`“${options.region}” is not an AWS region (e.g. eu-west-1).`);

  let profiles: Profile[] | null = null;
  if (!options.remove) {
    const roles = await listRoles(await signedInClient());
    const command = options.command ?? selfCommand();
    const taken = profilesOutsideBlock(text);
    profiles = [];
    for (const role of roles) {
      const name = keylessProfileName(role);
      if (role.requiresApproval) {
        say(`Skipped ${roleReference(role)}: it requires approval.`);
      } else if (taken.has(name)) {
        say(`Skipped ${name}: a profile of that name is already in ${file}, outside Keyless's block.`);
      } else {
        profiles.push({ name, credentialProcess: `${command} credentials --role ${roleReference(role)}`, region: options.region });
      }
    }
  }
  const next = applyProfiles(text, profiles);
  if (options.dryRun) {
    print(next);
    return;
  }
  if (next !== text) {
    // A new file is private; an existing one keeps its permissions.
    await writeAtomic(file, next, mode ?? 0o600);
  }
  if (!profiles) {
    print(`Removed Keyless's profiles from ${file}.`);
    return;
  }
  print(
    `${profiles.length === 0 ? "No profiles to write" : `Wrote ${profiles.length} profile${profiles.length === 1 ? "" : "s"}`} to ${file}:`,
  );
  for (const p of profiles) print(`  ${p.name}`);
  if (profiles[0]) say(`\nTry: aws sts get-caller-identity --profile ${profiles[0].name}`);
}
