import { parse } from "./cli/args.js";
import { COMMANDS } from "./cli/commands.js";
import { CliError, EXIT, UsageError } from "./errors.js";
import { say } from "./output.js";
import { VERSION } from "./version.js";

export const HELP = `keyless ${VERSION}: short-lived AWS credentials from Keyless, for every AWS tool.

Usage: keyless <command> [options]

  login [--server URL] [--no-browser]   Sign in through your browser (device code)
  logout                                End this CLI session (on the server too)
  whoami [--json]                       Who you are signed in as
  roles [--json]                        The AWS roles you may use
  credentials --role ROLE [--duration D] [--no-cache]
                                        credential_process JSON for ~/.aws/config
  env --role ROLE [--shell bash|zsh|fish|powershell] [--region R] [--duration D]
                                        Shell exports: eval "$(keyless env --role ROLE)"
  console --role ROLE [--service S] [--region R] [--path P] [--print] [--no-browser]
                                        Open the AWS console as ROLE, at service S
                                        (s3, ec2, lambda…) in region R; --print prints
                                        only the link (for a browser in a container)
  configure [--region R] [--dry-run] [--remove] [--command CMD] [--file PATH]
                                        Write AWS profiles (keyless-<account>-<role>)
                                        for your roles to ~/.aws/config
  exec --role ROLE [--duration D] [--region R] -- COMMAND [ARGS…]
                                        Run COMMAND with a local credential endpoint
                                        its AWS SDKs and CLI refresh from (no keys)
  serve --role ROLE [--duration D] [--port N] [--docker]
                                        That endpoint as a long-lived process (IDEs,
                                        containers); prints the variables to set
  export --role ROLE --profile NAME [--duration D] [--file PATH] [--watch] [--force]
                                        Write [NAME] to ~/.aws/credentials for tools that
                                        read only that file; --watch keeps it fresh and
                                        removes it when stopped
  doctor [--json]                       Check the server, your session, your clock,
                                        your AWS profiles and leftover access keys
  completion bash|zsh|fish|powershell   Print shell completion (commands, options, roles):
      bash:  echo 'source <(keyless completion bash)' >> ~/.bashrc
      zsh:   echo 'source <(keyless completion zsh)' >> ~/.zshrc
      fish:  keyless completion fish > ~/.config/fish/completions/keyless.fish
      pwsh:  keyless completion powershell | Out-String | Invoke-Expression   (in $PROFILE)

ROLE is <account id or name>/<role name> (see \`keyless roles\`), the role ARN or its id.
D is seconds or 1h, 90m… (capped by the role's maximum).

Files: $KEYLESS_CONFIG_DIR, else $XDG_CONFIG_HOME/keyless or ~/.config/keyless (private).
Exit codes: 0 ok, 1 error, 2 usage, 3 sign in needed, 4 refused, 5 unreachable, 6 rate limited.`;

async function dispatch(command: string | undefined, args: string[]): Promise<void> {
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      return say(HELP);
    case "version":
    case "--version":
    case "-v":
      return void process.stdout.write(`${VERSION}\n`);
  }
  const entry = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!entry) throw new UsageError(`Unknown command “${command}”.`);
  const { values, positionals } = parse(args, entry.options, entry.positionals !== undefined);
  if (values.help) return say(HELP);
  return entry.run(values, positionals);
}

/** Runs the CLI; resolves to the exit code. */
export async function run(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    await dispatch(command, args);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) {
      say(`keyless: ${error.message}`);
      if (error.hint) say(`  ${error.hint}`);
      return error.exitCode;
    }
    say(`keyless: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.KEYLESS_DEBUG === "1" && error instanceof Error && error.stack) say(error.stack);
    return EXIT.failure;
  }
}
