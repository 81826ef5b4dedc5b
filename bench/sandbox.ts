// The benchmark's own sandbox: embedded Postgres (fresh database) and moto, on ports of
// their own (KEYLESS_BENCH_*_PORT), plus the environment lib/env.ts needs.
import { randomBytes } from "node:crypto";
import { startMoto, type MotoOptions } from "../scripts/sandbox/moto";
import { ensureAppLogin } from "../scripts/sandbox/db-roles";
import { startPostgres } from "../scripts/sandbox/postgres";
import { sandboxPath } from "../scripts/sandbox/shared";
import { benchPorts, exitOnSignals } from "./harness";
import { run } from "../scripts/sandbox/stack";
import pg from "pg";

export const ports = { app: benchPorts.app, moto: benchPorts.moto, postgres: benchPorts.postgres };

/**
 * `statementStats`: Postgres keeps pg_stat_statements (each statement's execution time, by
 * role), so a bench can count the time of one part's statements (bench/db-time.ts).
 */
export async function startBenchSandbox(
  motoOptions: Pick<MotoOptions, "awsManagedPolicies" | "iamThrottle" | "readyTimeoutMs"> = {},
  options: { statementStats?: boolean } = {},
) {
  exitOnSignals();
  const pgHandle = await startPostgres({
    port: ports.postgres,
    dataDir: sandboxPath("bench-postgres", "data"),
    database: "postgres",
    flags: options.statementStats ? ["-c", "shared_preload_libraries=pg_stat_statements", "-c", "pg_stat_statements.max=5000"] : [],
  });
  const admin = new pg.Client({ connectionString: pgHandle.url });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS keyless_bench WITH (FORCE)");
  await admin.query("CREATE DATABASE keyless_bench");
  await admin.end();
  const u = new URL(pgHandle.url);
  u.pathname = "/keyless_bench";
  const ownerUrl = u.toString();
  if (options.statementStats) {
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    await owner.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    await owner.end();
  }
  // As in production: migrations as the owner, the app as its own role (ADR 020).
  const databaseUrl = await ensureAppLogin(ownerUrl);
  await run(
    process.execPath,
    ["node_modules/prisma/build/index.js", "migrate", "deploy"],
    { MIGRATION_DATABASE_URL: ownerUrl },
    "prisma migrate deploy",
  );
  const moto = await startMoto({ port: ports.moto, logFile: sandboxPath("logs", "bench-moto.log"), ...motoOptions });
  const env: Record<string, string> = {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    AUTH_URL: `http://localhost:${ports.app}`,
    AUTH_SECRET: randomBytes(32).toString("base64"),
    KEYLESS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    KEYLESS_AUDIT_HMAC_KEY: randomBytes(32).toString("base64"),
    OIDC_ISSUER: "http://localhost:9/unused",
    OIDC_CLIENT_ID: "keyless",
    OIDC_CLIENT_SECRET: "unused",
    KEYLESS_ADMIN_GROUPS: "aws-admins",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "bench-hub",
    AWS_SECRET_ACCESS_KEY: "bench-hub-secret",
    KEYLESS_AWS_ENDPOINT_URL: moto.url,
    LOG_LEVEL: "warn",
  };
  Object.assign(process.env, env);
  return {
    env,
    /** The database owner's URL (the app's role may not ANALYZE tables it does not own). */
    ownerUrl,
    motoUrl: moto.url,
    stop: async () => {
      await moto.stop();
      await pgHandle.stop();
    },
  };
}

const DAY = 86_400_000;

/** `users` IAM users with two keys each, of spread ages, through the sandbox's bulk endpoint. */
export async function seedMoto(motoUrl: string, accountId: string, users: number): Promise<void> {
  const now = Date.now();
  for (let start = 0; start < users; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, users - start) }, (_, j) => {
      const i = start + j;
      return {
        userName: `svc-${String(i).padStart(5, "0")}`,
        tags: { owner: `person${i % 400}@example.com`, team: `team-${i % 25}` },
        keys: [0, 1].map((k) => ({
          status: (i + k) % 17 === 0 ? "Inactive" : "Active",
          createDate: new Date(now - ((i * 7 + k * 131) % 600) * DAY - k * 1000).toISOString(),
          lastUsed:
            (i + k) % 6 === 0 ? null : { date: new Date(now - ((i + k) % 140) * DAY).toISOString(), service: "s3", region: "eu-west-1" },
        })),
      };
    });
    const res = await fetch(`${motoUrl}/_sandbox/iam/users`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ accountId, users: batch }),
    });
    if (!res.ok) throw new Error(`seeding moto failed: ${await res.text()}`);
  }
}

export async function awsCalls(motoUrl: string): Promise<{ total: number; actions: Record<string, number> }> {
  return (await fetch(`${motoUrl}/_sandbox/stats`)).json() as Promise<{ total: number; actions: Record<string, number> }>;
}
export async function resetAwsCalls(motoUrl: string): Promise<void> {
  await fetch(`${motoUrl}/_sandbox/stats`, { method: "DELETE" });
}
