import { parseArgs, type ParseArgsConfig } from "node:util";
import { configure } from "./commands/configure.js";
import { consoleLink } from "./commands/console.js";
import { credentials, env } from "./commands/credentials.js";
import { login } from "./commands/login.js";
import { logout } from "./commands/logout.js";
import { roles } from "./commands/roles.js";
import { whoami } from "./commands/whoami.js";
import { parseDuration } from "./duration.js";
import { CliError, EXIT, UsageError } from "./errors.js";
import { detectShell, SHELLS, type Shell } from "./formats.js";
import { say } from "./output.js";
import { VERSION } from "./version.js";

const HELP = `keyless ${VERSION}: short-lived AWS credentials from Keyless, for every AWS tool.

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

ROLE is <account id or name>/<role name> (see \`keyless roles\`), the role ARN or its id.
D is seconds or 1h, 90m… (capped by the role's maximum).

Files: $KEYLESS_CONFIG_DIR, else $XDG_CONFIG_HOME/keyless or ~/.config/keyless (private).
Exit codes: 0 ok, 1 error, 2 usage, 3 sign in needed, 4 refused, 5 unreachable, 6 rate limited.`;

type Values = Record<string, string | boolean | undefined>;

function parse(args: string[], options: NonNullable<ParseArgsConfig["options"]>): Values {
  try {
    return parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: false, strict: true })
      .values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/^.*?: /, "") : String(error));
  }
}

const str = (v: Values, k: string) => (typeof v[k] === "string" ? v[k] : undefined);

function requireRole(v: Values): string {
  const role = str(v, "role");
  if (!role) throw new UsageError("Which role? Pass --role <account>/<role>.", "Run `keyless roles` to list yours.");
  return role;
}

function duration(v: Values): number | undefined {
  const text = str(v, "duration");
  if (text === undefined) return undefined;
  const seconds = parseDuration(text);
  if (seconds === null || seconds < 900 || seconds > 43200)
    throw new UsageError(`--duration ${text}: give 15m to 12h (e.g. 3600, 90m, 4h).`);
  return seconds;
}

function shell(v: Values): Shell {
  const given = str(v, "shell");
  if (given === undefined) return detectShell(process.env, process.platform);
  if (!(SHELLS as readonly string[]).includes(given)) throw new UsageError(`--shell ${given}: use one of ${SHELLS.join(", ")}.`);
  return given as Shell;
}

const role = { role: { type: "string", short: "r" } } as const;
const durationOpt = { duration: { type: "string", short: "d" } } as const;

async function dispatch(command: string | undefined, args: string[]): Promise<void> {
  switch (command) {
    case "login": {
      const v = parse(args, { server: { type: "string", short: "s" }, "no-browser": { type: "boolean" } });
      if (v.help) return say(HELP);
      return login({ server: str(v, "server"), browser: !v["no-browser"] });
    }
    case "logout":
      if (parse(args, {}).help) return say(HELP);
      return logout();
    case "whoami": {
      const v = parse(args, { json: { type: "boolean" } });
      if (v.help) return say(HELP);
      return whoami({ json: Boolean(v.json) });
    }
    case "roles": {
      const v = parse(args, { json: { type: "boolean" } });
      if (v.help) return say(HELP);
      return roles({ json: Boolean(v.json) });
    }
    case "credentials": {
      const v = parse(args, { ...role, ...durationOpt, "no-cache": { type: "boolean" } });
      if (v.help) return say(HELP);
      return credentials({ role: requireRole(v), durationSeconds: duration(v), cache: !v["no-cache"] });
    }
    case "env": {
      const v = parse(args, {
        ...role,
        ...durationOpt,
        shell: { type: "string" },
        region: { type: "string" },
        "no-cache": { type: "boolean" },
      });
      if (v.help) return say(HELP);
      return env({ role: requireRole(v), durationSeconds: duration(v), cache: !v["no-cache"], shell: shell(v), region: str(v, "region") });
    }
    case "console": {
      const v = parse(args, {
        ...role,
        service: { type: "string" },
        region: { type: "string" },
        path: { type: "string" },
        print: { type: "boolean" },
        "no-browser": { type: "boolean" },
      });
      if (v.help) return say(HELP);
      return consoleLink({
        role: requireRole(v),
        browser: !v["no-browser"],
        printOnly: Boolean(v.print),
        service: str(v, "service"),
        region: str(v, "region"),
        path: str(v, "path"),
      });
    }
    case "configure": {
      const v = parse(args, {
        region: { type: "string" },
        command: { type: "string" },
        file: { type: "string" },
        "dry-run": { type: "boolean" },
        remove: { type: "boolean" },
      });
      if (v.help) return say(HELP);
      return configure({
        region: str(v, "region"),
        command: str(v, "command"),
        file: str(v, "file"),
        dryRun: Boolean(v["dry-run"]),
        remove: Boolean(v.remove),
      });
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      return say(HELP);
    case "version":
    case "--version":
    case "-v":
      return void process.stdout.write(`${VERSION}\n`);
    default:
      throw new UsageError(`Unknown command “${command}”.`);
  }
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
