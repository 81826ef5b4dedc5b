import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { constants, devNull } from "node:os";
import { CredentialSource } from "../credential-source.js";
import { startEndpoint } from "../credential-endpoint.js";
import { describeProfile } from "../credentials-file.js";
import { CliError, EXIT, UsageError } from "../errors.js";
import { say } from "../output.js";
import { awsCredentialsFile } from "../paths.js";

// `keyless exec --role R -- command…`: runs the command with a local credential endpoint
// (credential-endpoint.ts) in its environment instead of keys, so the AWS SDKs and CLI in it
// fetch, and refetch before expiry, short-lived credentials for as long as it runs.

/** Variables that would make AWS tools use other credentials than the endpoint's. */
const SHADOWING = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
];
const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** The child's environment: the endpoint's variables, nothing that would shadow them. */
export async function childEnv(
  parent: NodeJS.ProcessEnv,
  endpoint: { url: string; token: string },
  options: { role: string; region?: string },
): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...parent };
  for (const name of SHADOWING) delete env[name];
  // The AWS tools read [default] in ~/.aws/credentials before a container endpoint: long-lived
  // keys there would win, so the command gets no credentials file.
  const file = awsCredentialsFile(parent);
  const text = await readFile(file, "utf8").catch(() => "");
  if (describeProfile(text, "default").hasKeys) {
    say(`keyless: [default] in ${file} holds keys; the command runs without that file so Keyless's credentials are used.`);
    env.AWS_SHARED_CREDENTIALS_FILE = devNull;
  }
  env.AWS_CONTAINER_CREDENTIALS_FULL_URI = endpoint.url;
  env.AWS_CONTAINER_AUTHORIZATION_TOKEN = endpoint.token;
  env.KEYLESS_EXEC = options.role;
  if (options.region) env.AWS_REGION = env.AWS_DEFAULT_REGION = options.region;
  return env;
}

/** Runs `command`; the process exits with its exit code (128 + n when signal n ended it). */
export async function exec(options: { role: string; durationSeconds?: number; region?: string; command: string[] }): Promise<never> {
  const outer = process.env.KEYLESS_EXEC;
  if (outer !== undefined)
    throw new CliError(
      `This command already runs inside \`keyless exec\` (role ${outer || "?"}); exec does not nest.`,
      "Run the command directly: it already has Keyless's credentials. Or leave the outer exec first.",
      EXIT.usage,
    );
  const [file, ...args] = options.command;
  if (!file) throw new UsageError("Which command? Put it after --: keyless exec --role ROLE -- aws s3 ls");
  const source = new CredentialSource(options.role, options.durationSeconds);
  await source.current(); // not signed in, or the role refused: say so before starting anything
  const endpoint = await startEndpoint({
    credentials: () => source.current(),
    addresses: ["127.0.0.1"],
    log: ({ status, line }) => status !== 200 && say(`keyless exec: ${line}`),
  });
  const child = spawn(file, args, { stdio: "inherit", env: await childEnv(process.env, endpoint, options) });
  const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
  for (const signal of FORWARDED) process.on(signal, forward(signal));
  const code = await new Promise<number>((resolve) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      say(`keyless: cannot run ${file}: ${error.code === "ENOENT" ? "command not found" : error.message}`);
      resolve(error.code === "ENOENT" ? 127 : 126);
    });
    child.once("exit", (exitCode, signal) => resolve(signal ? 128 + (constants.signals[signal] ?? 0) : (exitCode ?? 1)));
  });
  await endpoint.close();
  process.exit(code);
}
