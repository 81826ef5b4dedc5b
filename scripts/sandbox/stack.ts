// Starts the whole local sandbox (Postgres, moto, the IdP, the federation stand-in),
// applies migrations and seeds it, and returns the environment the app needs. Used by
// `npm run demo` and by the test runner (with its own ports and a fresh database).
import { spawn } from "node:child_process";
import pg from "pg";
import { seedDatabase } from "../../prisma/seed";
import { startFederation } from "./federation";
import { startIdp } from "./idp";
import { startMailSink } from "./mail-sink";
import { ensureAppLogin } from "./db-roles";
import { startPostgres, type PostgresHandle } from "./postgres";
import { loadSandboxSecrets } from "./secrets";
import { DEMO_INTEGRATIONS } from "./demo-integrations";
import { STANDIN_SERVICES } from "./standins/services";
import { describeState, forgetAwsSide, startAwsSide, type AwsSide } from "./aws-side";
import { SLACK_APP, SLACK_HOOK_PATH } from "./standins/state";
import { tsxCli } from "./app-process";
import { projectRoot, sandboxPath } from "./shared";

const DEMO_INTEGRATION_COUNT = DEMO_INTEGRATIONS.length;
/** The SCIM token the sandbox's Keyless accepts and its IdP sends (docs/scim.md). */
export const SANDBOX_SCIM_TOKEN = "demo-scim-token";

export type StackPorts = {
  app: number;
  idp: number;
  moto: number;
  postgres: number;
  federation: number;
  smtp: number;
  mailUi: number;
  standins: number;
};

export type StackOptions = {
  name: "demo" | "test" | "bench" | "reliability";
  ports: StackPorts;
  /** Use this database instead of the embedded one: the owner's URL, which runs migrations. */
  databaseUrl?: string;
  /** The app role's URL for that database; derived (and its login set up) when absent. */
  appDatabaseUrl?: string;
  /** Drop and recreate the database first (tests). */
  freshDatabase?: boolean;
  /** Tests: the IdP appends every token it issues here (the security suite's leak scan). */
  idpTokenLogFile?: string;
  /** Keep moto's and the stand-ins' state across restarts (the demo, the restart test; ADR 023). */
  persist?: boolean;
  log: (line: string) => void;
};

/** The embedded Postgres, for tests that stop it and start it again (same data, same port). */
export type PostgresControl = { stop(): Promise<void>; start(): Promise<void>; running(): boolean };

export type Stack = {
  env: Record<string, string>;
  /**
   * Has the IdP push every user and group to Keyless over SCIM now (demo and test stacks),
   * once the app answers: what Okta's initial push does. Resolves to the outcome.
   */
  syncIdp(): Promise<{ ok: boolean; detail: string }>;
  urls: { app: string; idp: string; moto: string; federation: string; standins: string; inbox: string };
  /** The owner's URL (MIGRATION_DATABASE_URL): migrations, test set-up. `env.DATABASE_URL` is the app role's. */
  ownerDatabaseUrl: string;
  /** Present when the stack runs its own (embedded) Postgres. */
  postgres?: PostgresControl;
  /**
   * Stops moto and the stand-ins and starts them again as a new `npm run demo` would: from
   * their kept state (or empty, with `forget`), then the demo integrations' reconciliation.
   * `persist` switches keeping state on (starting empty) or off from this restart on.
   */
  restartAws: (options?: { forget?: boolean; persist?: boolean }) => Promise<{ moto: boolean; standins: boolean }>;
  stop(): Promise<void>;
};

export function run(cmd: string, args: string[], env: Record<string, string>, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${label} failed (exit ${code}):\n${output.slice(-4000)}`))));
  });
}

async function recreateDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = "/postgres";
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const { ports, log, name } = options;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const appUrl = `http://localhost:${ports.app}`;
    const secrets = loadSandboxSecrets(`${name}-secrets.json`);

    let databaseUrl = options.databaseUrl;
    let postgres: PostgresControl | undefined;
    if (!databaseUrl) {
      const pgOptions = {
        port: ports.postgres,
        dataDir: sandboxPath(`${name}-postgres`, "data"),
        database: name === "demo" ? "keyless" : `keyless_${name}`,
      };
      let pgHandle: PostgresHandle | null = await startPostgres(pgOptions);
      postgres = {
        running: () => pgHandle !== null,
        stop: async () => {
          const h = pgHandle;
          pgHandle = null;
          await h?.stop();
        },
        start: async () => {
          pgHandle ??= await startPostgres(pgOptions);
        },
      };
      stops.push(() => postgres!.stop());
      databaseUrl = pgHandle.url;
      log(`Postgres      ${databaseUrl.replace(/:[^:@/]+@/, ":•••@")}`);
    } else {
      log(`Postgres      using the database given`);
    }
    if (options.freshDatabase) await recreateDatabase(databaseUrl);
    const appDatabaseUrl = options.appDatabaseUrl ?? (await ensureAppLogin(databaseUrl));
    log(`              migrations as its owner, the app and the worker as ${new URL(appDatabaseUrl).username}`);
    await run(
      process.execPath,
      [`${projectRoot}node_modules/prisma/build/index.js`, "migrate", "deploy"],
      { MIGRATION_DATABASE_URL: databaseUrl },
      "prisma migrate deploy",
    );
    await seedDatabase(databaseUrl);

    // The demo and test stacks provision over SCIM, as a company on Okta would.
    const scim = name === "demo" || name === "test" ? { url: `${appUrl}/scim/v2`, token: SANDBOX_SCIM_TOKEN } : undefined;
    const idp = await startIdp({
      port: ports.idp,
      scim,
      usersFile: name === "demo" ? sandboxPath(`${name}-idp-users.json`) : false,
      log: (line) => log(`IdP           ${line}`),
      clients: [
        {
          clientId: "keyless",
          clientSecret: secrets.oidcClientSecret,
          name: "Keyless",
          redirectUris: [`${appUrl}/api/auth/callback/oidc`],
          postLogoutRedirectUris: [`${appUrl}/signin`],
        },
      ],
      keysFile: sandboxPath(`${name}-idp-keys.json`),
      storeFile: name === "demo" ? sandboxPath(`${name}-idp-store.json`) : false,
      tokenLogFile: options.idpTokenLogFile,
    });
    stops.push(() => idp.stop());
    log(`IdP (OIDC)    ${idp.issuer}   users: alice@ / mona@ / adam@example.com, password "demo"; admin page ${idp.issuer}/admin`);
    // After the IdP: web-identity roles trust it, registered as an IAM OIDC provider.
    const key = Buffer.from(secrets.stateKey, "base64");
    // Keeping state serialises moto's requests and writes a snapshot per key change: only
    // while it is needed (the reliability runner switches it on for its restart test).
    let keep = Boolean(options.persist);
    if (keep && options.freshDatabase) forgetAwsSide(name, key);
    const awsOptions = () => ({ name, ports, stateKey: keep ? key : undefined, oidc: { issuer: idp.issuer, clientId: "keyless" }, appUrl });
    let aws: AwsSide = await startAwsSide(awsOptions());
    stops.push(() => aws.stop());
    const { moto, standins } = aws;
    log(`AWS (moto)    ${moto.url}${describeState(aws, keep)}`);

    const federation = await startFederation({ port: ports.federation, awsEndpoint: moto.url });
    stops.push(() => federation.stop());
    log(`Console stand-in ${federation.url}`);

    const mail = await startMailSink({ smtpPort: ports.smtp, httpPort: ports.mailUi });
    stops.push(() => mail.stop());
    log(`Mail inbox    ${mail.inboxUrl}   (SMTP ${mail.smtpUrl})`);

    log(
      `Target stand-ins ${standins.url}   GitHub /github, GitLab /gitlab/api/v4, Travis /travis, CircleCI /circleci/api/v2, ${STANDIN_SERVICES.map((s) => `/${s.name}`).join(", ")}${STANDIN_SERVICES.length ? ", " : ""}webhooks, Slack (messages and buttons: ${standins.url}/slack)`,
    );

    const env: Record<string, string> = {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: appDatabaseUrl,
      AUTH_URL: appUrl,
      AUTH_SECRET: secrets.authSecret,
      KEYLESS_ENCRYPTION_KEY: secrets.encryptionKey,
      KEYLESS_AUDIT_HMAC_KEY: secrets.auditHmacKey,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: "keyless",
      OIDC_CLIENT_SECRET: secrets.oidcClientSecret,
      OIDC_DISPLAY_NAME: "Sandbox SSO",
      // offline_access: the IdP issues refresh tokens, with which Keyless re-reads groups.
      OIDC_SCOPES: "openid email profile groups offline_access",
      ...(scim ? { KEYLESS_SCIM_TOKEN: scim.token } : {}),
      KEYLESS_ADMIN_GROUPS: "aws-admins",
      KEYLESS_MANAGER_GROUPS: "eng-managers",
      AWS_REGION: "us-east-1",
      // The server's own identity in the sandbox: moto's hub account.
      AWS_ACCESS_KEY_ID: "sandbox-keyless-server",
      AWS_SECRET_ACCESS_KEY: "sandbox-keyless-server-secret",
      KEYLESS_AWS_ENDPOINT_URL: moto.url,
      KEYLESS_AWS_FEDERATION_URL: federation.url,
      KEYLESS_AWS_CONSOLE_URL: "https://console.aws.amazon.com/",
      KEYLESS_SMTP_URL: mail.smtpUrl,
      KEYLESS_MAIL_FROM: "Keyless sandbox <keyless@sandbox.local>",
      KEYLESS_SLACK_WEBHOOK_URL: `${standins.url}/slack/services/${SLACK_HOOK_PATH}`,
      KEYLESS_SLACK_SIGNING_SECRET: SLACK_APP.signingSecret,
      KEYLESS_SLACK_BOT_TOKEN: SLACK_APP.botToken,
      KEYLESS_SLACK_API_URL: `${standins.url}/slack/api`,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      // The stand-ins are plain http on this machine: allowed only with this sandbox flag.
      KEYLESS_ALLOW_INSECURE_TARGETS: "true",
      // Tests reach the per-token credential limit in a few calls (e2e/cli.spec.ts). The
      // worker's periodic re-read of groups (refresh tokens) does not start during a run
      // (a person deactivated and reactivated at the IdP holds a revoked refresh token for a
      // few seconds); 3 h keeps groups' maximum age at the 12 h session (freshness.ts).
      // Tests that need a re-read make a person due themselves (groups_check_due_at).
      ...(name === "test"
        ? {
            KEYLESS_CREDENTIALS_RATE_LIMIT_PER_MINUTE: "10",
            // The suites create hundreds of requests as alice; the limit itself is tested
            // by filling her counter (e2e/security/targets.spec.ts).
            KEYLESS_REQUEST_RATE_LIMIT_PER_HOUR: "1000",
            KEYLESS_METRICS_TOKEN: "test-metrics-scrape-token",
            KEYLESS_GROUPS_REFRESH_MINUTES: "180",
          }
        : {}),
      // Rotation: moto's keys work at once, so poll quickly and give up soon; retry soon.
      KEYLESS_ROTATION_PROPAGATION_TIMEOUT_SECONDS: "10",
      KEYLESS_ROTATION_PROPAGATION_INTERVAL_MS: "200",
      KEYLESS_ROTATION_RETRY_DELAY_SECONDS: "2",
    };
    // The demo integrations: IAM users and keys in moto, pushed to the stand-ins; rotations
    // under way continue when the state was kept, and fail clearly when it was lost.
    const seedIntegrations = () =>
      run(
        process.execPath,
        [tsxCli, "--conditions=react-server", "scripts/sandbox/seed-integrations.ts"],
        { ...env, KEYLESS_SEED_STANDINS_URL: standins.url },
        "seeding the demo integrations",
      );
    await seedIntegrations();
    const restartAws = async (restart: { forget?: boolean; persist?: boolean } = {}) => {
      await aws.stop();
      // Switching keeping on starts from nothing: a file left by an earlier run is stale.
      if (restart.persist === true && !keep) forgetAwsSide(name, key);
      keep = restart.persist ?? keep;
      if (restart.forget && keep) forgetAwsSide(name, key);
      aws = await startAwsSide(awsOptions());
      await seedIntegrations();
      return { moto: aws.moto.restored, standins: aws.standins.restored };
    };
    log(`Integrations  ${DEMO_INTEGRATION_COUNT} demo integrations (${DEMO_INTEGRATIONS.map((d) => d.targetType).join(", ")}) seeded`);
    const syncIdp = async () => {
      const result = await idp.syncToKeyless();
      if (!result) return { ok: true, detail: "no SCIM target" };
      const calls = result.lines.map((l) => `${l.method} ${l.path} → ${l.status ?? "no answer"}`);
      return { ok: result.ok, detail: result.ok ? `${calls.length} SCIM calls` : `${result.error ?? ""}\n${calls.join("\n")}` };
    };
    return {
      env,
      syncIdp,
      urls: {
        app: appUrl,
        idp: idp.issuer,
        moto: moto.url,
        federation: federation.url,
        standins: standins.url,
        inbox: mail.inboxUrl,
      },
      ownerDatabaseUrl: databaseUrl,
      postgres,
      restartAws,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
