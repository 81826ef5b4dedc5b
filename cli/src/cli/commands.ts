import { completion, completeWords } from "../commands/completion.js";
import { configure } from "../commands/configure.js";
import { consoleLink } from "../commands/console.js";
import { credentials, env } from "../commands/credentials.js";
import { doctor } from "../commands/doctor.js";
import { exec } from "../commands/exec.js";
import { exportProfile } from "../commands/export.js";
import { login } from "../commands/login.js";
import { logout } from "../commands/logout.js";
import { roles } from "../commands/roles.js";
import { serve } from "../commands/serve.js";
import { whoami } from "../commands/whoami.js";
import { SHELLS } from "../formats.js";
import { duration, durationOpt, requireRole, role, shell, str, type Command, type Values } from "./args.js";
import { UsageError } from "../errors.js";

// The one table of commands: `dispatch` runs them, `keyless completion` completes them (and
// a unit test checks that HELP mentions each). To add a command, add an entry: its options
// (with `values` for what completion offers), whether it takes positional arguments, and
// `run`, which gets the parsed options. `--help` is handled for every command.

/** A command whose only option is --json. */
const jsonOnly = (summary: string, run: (o: { json: boolean }) => Promise<void>): Command => ({
  summary,
  options: { json: { type: "boolean" } },
  run: (v) => run({ json: Boolean(v.json) }),
});

/** --port: 1024 to 65535, or 0 for any free port. */
function port(v: Values): number | undefined {
  const text = str(v, "port");
  const n = Number(text);
  if (text !== undefined && (!/^\d{1,5}$/.test(text) || (n !== 0 && (n < 1024 || n > 65535))))
    throw new UsageError(`--port ${text}: give a port number (1024 to 65535, or 0 for any).`);
  return text === undefined ? undefined : n;
}

export const COMMANDS: Record<string, Command> = {
  login: {
    summary: "Sign in through your browser",
    options: { server: { type: "string", short: "s" }, "no-browser": { type: "boolean" } },
    run: (v) => login({ server: str(v, "server"), browser: !v["no-browser"] }),
  },
  logout: {
    summary: "End this CLI session",
    options: {},
    run: () => logout(),
  },
  whoami: jsonOnly("Who you are signed in as", whoami),
  roles: jsonOnly("The AWS roles you may use", roles),
  credentials: {
    summary: "credential_process JSON for a role",
    options: { ...role, ...durationOpt, "no-cache": { type: "boolean" } },
    run: (v) => credentials({ role: requireRole(v), durationSeconds: duration(v), cache: !v["no-cache"] }),
  },
  env: {
    summary: "Shell exports for a role",
    options: {
      ...role,
      ...durationOpt,
      shell: { type: "string", values: SHELLS },
      region: { type: "string" },
      "no-cache": { type: "boolean" },
    },
    run: (v) =>
      env({ role: requireRole(v), durationSeconds: duration(v), cache: !v["no-cache"], shell: shell(v), region: str(v, "region") }),
  },
  console: {
    summary: "Open the AWS console as a role",
    options: {
      ...role,
      service: { type: "string" },
      region: { type: "string" },
      path: { type: "string" },
      print: { type: "boolean" },
      "no-browser": { type: "boolean" },
    },
    run: (v) =>
      consoleLink({
        role: requireRole(v),
        browser: !v["no-browser"],
        printOnly: Boolean(v.print),
        service: str(v, "service"),
        region: str(v, "region"),
        path: str(v, "path"),
      }),
  },
  configure: {
    summary: "Write AWS profiles for your roles",
    options: {
      region: { type: "string" },
      command: { type: "string" },
      file: { type: "string" },
      "dry-run": { type: "boolean" },
      remove: { type: "boolean" },
    },
    run: (v) =>
      configure({
        region: str(v, "region"),
        command: str(v, "command"),
        file: str(v, "file"),
        dryRun: Boolean(v["dry-run"]),
        remove: Boolean(v.remove),
      }),
  },
  exec: {
    summary: "Run a command with a local credential endpoint",
    options: { ...role, ...durationOpt, region: { type: "string" } },
    // The command goes after --, so its own options are not read as exec's.
    positionals: "any",
    run: (v, command) => exec({ role: requireRole(v), durationSeconds: duration(v), region: str(v, "region"), command }),
  },
  serve: {
    summary: "Serve a role's credentials on a local endpoint",
    options: { ...role, ...durationOpt, port: { type: "string", short: "p" }, docker: { type: "boolean" } },
    run: (v) => serve({ role: requireRole(v), durationSeconds: duration(v), port: port(v), docker: Boolean(v.docker) }),
  },
  export: {
    summary: "Write a role's credentials to ~/.aws/credentials",
    options: {
      ...role,
      ...durationOpt,
      profile: { type: "string" },
      file: { type: "string" },
      watch: { type: "boolean" },
      force: { type: "boolean" },
    },
    run: (v) =>
      exportProfile({
        role: requireRole(v),
        profile: str(v, "profile") ?? "",
        durationSeconds: duration(v),
        file: str(v, "file"),
        watch: Boolean(v.watch),
        force: Boolean(v.force),
      }),
  },
  doctor: jsonOnly("Check the server, session, clock, profiles and keys", doctor),
  completion: {
    summary: "Print shell completion",
    options: {},
    positionals: SHELLS,
    run: (_v, p) => completion(p, COMMANDS),
  },
  __complete: { options: {}, positionals: "any", hidden: true, run: (_v, p) => completeWords(p) },
};
