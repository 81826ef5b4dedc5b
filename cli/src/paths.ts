import { homedir } from "node:os";
import path from "node:path";

/**
 * Where the CLI keeps its session and cache: $KEYLESS_CONFIG_DIR, else the OS user config
 * directory ($XDG_CONFIG_HOME/keyless, ~/.config/keyless; %APPDATA%\keyless on Windows).
 */
export function configDir(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.KEYLESS_CONFIG_DIR) return path.resolve(env.KEYLESS_CONFIG_DIR);
  if (platform === "win32" && env.APPDATA) return path.join(env.APPDATA, "keyless");
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, "keyless");
  return path.join(homedir(), ".config", "keyless");
}

/** ~/.aws/config, or $AWS_CONFIG_FILE as the AWS tools read it. */
export function awsConfigFile(env: Record<string, string | undefined> = process.env): string {
  return env.AWS_CONFIG_FILE ? path.resolve(env.AWS_CONFIG_FILE) : path.join(homedir(), ".aws", "config");
}

/** ~/.aws/credentials, or $AWS_SHARED_CREDENTIALS_FILE as the AWS tools read it. */
export function awsCredentialsFile(env: Record<string, string | undefined> = process.env): string {
  return env.AWS_SHARED_CREDENTIALS_FILE ? path.resolve(env.AWS_SHARED_CREDENTIALS_FILE) : path.join(homedir(), ".aws", "credentials");
}
