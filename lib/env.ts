import { z } from "zod";

// The one place that reads process.env (lint rule: no-restricted-properties elsewhere).
// Parsed once, lazily, so `next build` can import modules without a full configuration;
// instrumentation.ts calls loadEnv() at server start so missing config fails fast.

const list = z
  .string()
  .default("")
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  );
const bool = z
  .enum(["true", "false", "1", "0", ""])
  .default("false")
  .transform((v) => v === "true" || v === "1");
const url = z.url({ protocol: /^https?$/ });

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required (postgresql://…)"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),

  // Public URL of the app, used for redirects, cookies and the CSRF origin check.
  AUTH_URL: url.default("http://localhost:3000"),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters (openssl rand -base64 32)"),
  // Browser sessions end this long after sign-in, however they are used (never sliding).
  // At least 0.01 h (36 s), so a test can watch a session reach its end.
  KEYLESS_SESSION_MAX_AGE_HOURS: z.coerce.number().min(0.01).max(720).default(12),
  // Optional: a browser session unused for this long ends too (0: off).
  KEYLESS_SESSION_IDLE_MINUTES: z.coerce.number().int().min(0).max(1440).default(0),
  // How often the worker re-reads a signed-in person's groups from the IdP (refresh token,
  // so OIDC_SCOPES needs offline_access or the IdP's equivalent). An IdP refusal ends access.
  KEYLESS_GROUPS_REFRESH_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  // SCIM 2.0 provisioning at /scim/v2: the bearer token the IdP sends. SCIM is off (404)
  // when unset; set it (32+ characters, e.g. openssl rand -base64 32) to turn it on.
  KEYLESS_SCIM_TOKEN: z.string().min(12, "KEYLESS_SCIM_TOKEN must be at least 12 characters (openssl rand -base64 32)").optional(),

  OIDC_ISSUER: url,
  OIDC_CLIENT_ID: z.string().min(1),
  OIDC_CLIENT_SECRET: z.string().min(1),
  OIDC_DISPLAY_NAME: z.string().default("SSO"),
  OIDC_SCOPES: z.string().default("openid email profile groups"),
  OIDC_GROUPS_CLAIM: z.string().default("groups"),

  KEYLESS_ADMIN_GROUPS: list,
  KEYLESS_MANAGER_GROUPS: list,

  // 32 random bytes, base64: encrypts secrets at rest (target API tokens, ID tokens).
  KEYLESS_ENCRYPTION_KEY: z
    .string()
    .refine(
      (s) => Buffer.from(s, "base64").length === 32,
      "KEYLESS_ENCRYPTION_KEY must be 32 bytes, base64 encoded (openssl rand -base64 32)",
    ),

  // 32+ random bytes, base64: seals the audit chain (an HMAC of each entry's hash, ADR 017),
  // so someone who can rewrite the database cannot rewrite its history unnoticed. Keep it
  // out of the database. Required in production; without it entries are written unsealed.
  KEYLESS_AUDIT_HMAC_KEY: z
    .string()
    .refine(
      (s) => Buffer.from(s, "base64").length >= 32,
      "KEYLESS_AUDIT_HMAC_KEY must be at least 32 bytes, base64 encoded (openssl rand -base64 32)",
    )
    .optional(),
  // Where the audit verify job publishes the chain's head (s3://bucket/key), and, for a
  // bucket with S3 Object Lock, the retention it asks for each version (mode and days).
  KEYLESS_AUDIT_HEAD_S3_URI: z
    .string()
    .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+$/, "KEYLESS_AUDIT_HEAD_S3_URI must be s3://bucket/key")
    .optional(),
  KEYLESS_AUDIT_HEAD_LOCK_MODE: z.enum(["GOVERNANCE", "COMPLIANCE"]).optional(),
  KEYLESS_AUDIT_HEAD_LOCK_DAYS: z.coerce.number().int().min(1).max(36500).default(365),
  // Minutes between verifications of the audit chain (cron: must divide an hour); 0 turns it off.
  KEYLESS_AUDIT_VERIFY_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(60)
    .default(15)
    .refine((m) => m === 0 || 60 % m === 0, "must divide 60 (1, 5, 10, 15, 20, 30, 60) or be 0"),

  AWS_REGION: z.string().default("us-east-1"),
  // Sandbox only: send every AWS call to this endpoint (moto). Unset in production.
  KEYLESS_AWS_ENDPOINT_URL: url.optional(),
  KEYLESS_AWS_FEDERATION_URL: url.default("https://signin.aws.amazon.com/federation"),
  KEYLESS_AWS_CONSOLE_URL: url.default("https://console.aws.amazon.com/"),
  // The organisation-wide ceiling on a vended session, whatever a role allows.
  KEYLESS_MAX_SESSION_SECONDS: z.coerce.number().int().min(900).max(43200).default(43200),
  KEYLESS_DEFAULT_SESSION_SECONDS: z.coerce.number().int().min(900).max(43200).default(3600),
  // The ARN that target roles must trust; discovered with GetCallerIdentity when unset.
  KEYLESS_SERVER_PRINCIPAL_ARN: z.string().optional(),

  // Approvals: how long a pending request waits, and the longest grant a request may ask.
  KEYLESS_REQUEST_TTL_HOURS: z.coerce.number().min(0.05).max(720).default(72),
  KEYLESS_MAX_GRANT_HOURS: z.coerce.number().min(0.25).max(720).default(24),
  // High and critical requests (policy analysis) need more than one approver's click: an
  // admin, or two different approvers ("admin-or-two"); only an admin ("admin"); or two ("two").
  KEYLESS_HIGH_RISK_APPROVAL: z.enum(["admin-or-two", "admin", "two"]).default("admin-or-two"),
  // Access requests a person may create per hour (0: no limit); over it, 429.
  KEYLESS_REQUEST_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(0).max(100_000).default(20),

  // Notifications (each optional): a Slack incoming webhook, and SMTP for email.
  KEYLESS_SLACK_WEBHOOK_URL: url.optional(),
  // Approve/Deny buttons in Slack need a Slack app: its signing secret (to trust clicks
  // sent to /api/slack/interactions) and a bot token with users:read.email (to know who clicked).
  KEYLESS_SLACK_SIGNING_SECRET: z.string().min(16, "KEYLESS_SLACK_SIGNING_SECRET must be at least 16 characters").optional(),
  KEYLESS_SLACK_BOT_TOKEN: z.string().min(8).optional(),
  KEYLESS_SLACK_API_URL: url.default("https://slack.com/api"),
  KEYLESS_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "KEYLESS_SMTP_URL must be smtp:// or smtps://")
    .optional(),
  KEYLESS_MAIL_FROM: z.string().default("Keyless <keyless@localhost>"),
  // CLI sign-in (`keyless login`): access tokens are short-lived and refreshed by the CLI;
  // a CLI session ends this many days after sign-in however often it refreshes.
  KEYLESS_CLI_ACCESS_TOKEN_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
  KEYLESS_CLI_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  // How people install the CLI (shown on the migration page).
  KEYLESS_CLI_INSTALL_COMMAND: z.string().min(1).default("npm install --global @keyless/cli"),
  // Credential issuance (credentials and console links) per minute, per API token and per
  // person over all their tokens and browser sessions. 0 turns a limit off.
  KEYLESS_CREDENTIALS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(30),
  KEYLESS_CREDENTIALS_USER_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(60),
  // Key inventory. Each account's role is set on the Accounts page; when unset, this role
  // name in the account is used (also for accounts discovered through AWS Organizations).
  KEYLESS_INVENTORY_ROLE_NAME: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name")
    .default("KeylessInventory"),
  // When set, accounts are also discovered with Organizations ListAccounts through this role.
  KEYLESS_ORGANIZATIONS_ROLE_ARN: z
    .string()
    .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "must be an IAM role ARN")
    .optional(),
  // Minutes between scheduled syncs; 0 turns the schedule off (cron: must divide an hour or a day).
  KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(1440)
    .default(60)
    .refine(
      (m) => m === 0 || (m < 60 ? 60 % m === 0 : m % 60 === 0 && 24 % (m / 60) === 0),
      "must divide 60 (5, 10, 15, 20, 30) or be whole hours dividing 24 (60, 120, 180, 240, 360, 480, 720, 1440), or 0",
    ),
  // IAM calls in flight per account (the SDK's adaptive retry slows down further on throttling).
  KEYLESS_INVENTORY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  // IAM calls in flight per worker process across all the accounts it syncs, shared round-robin
  // between accounts so a big account never starves a small one (lib/inventory/fair-gate.ts).
  KEYLESS_INVENTORY_GLOBAL_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  // Accounts one worker process syncs at once (each holds one lock connection while it runs).
  KEYLESS_INVENTORY_ACCOUNTS_PER_WORKER: z.coerce.number().int().min(1).max(16).default(8),
  // IAM user tag keys (case-insensitive, first match wins) naming a key's owner (an email) and team.
  KEYLESS_INVENTORY_OWNER_TAGS: list.default(["owner"]),
  KEYLESS_INVENTORY_TEAM_TAGS: list.default(["team"]),
  // IAM user tag keys whose value "human" (or "person") marks a person's own key, not a service's:
  // only those may be offered for retirement (lib/retirement).
  KEYLESS_INVENTORY_KIND_TAGS: list.default(["kind"]),
  // Retiring a human key deactivates it at once and deletes it after this many days (the default the dialog offers).
  KEYLESS_RETIRE_DELETE_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  // The weekly key summary to admins: day (0 = Sunday … 6 = Saturday, or "off") and hour (UTC).
  KEYLESS_WEEKLY_SUMMARY_DAY: z.union([z.literal("off"), z.coerce.number().int().min(0).max(6)]).default(1),
  KEYLESS_WEEKLY_SUMMARY_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  // How long the keys page may reuse its counts while the data is unchanged (0: never).
  KEYLESS_INVENTORY_STATS_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),

  // Rotation of integration keys: the role Keyless assumes in each account to manage the
  // integration's IAM user (arn:aws:iam::<account>:role/<name>), how long and how often to
  // poll STS until a new key works, job retry pacing, and how many rotations run at once.
  KEYLESS_ROTATION_ROLE_NAME: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name")
    .default("KeylessRotation"),
  KEYLESS_ROTATION_PROPAGATION_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(900).default(60),
  KEYLESS_ROTATION_PROPAGATION_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  // Where targets may point (lib/net/target-policy.ts): optionally only these hosts or
  // suffixes, which may then also be on private networks. The sandbox flag also allows
  // plain http and loopback targets (its stand-ins); never set it in production.
  KEYLESS_TARGET_HOST_ALLOWLIST: list,
  KEYLESS_ALLOW_INSECURE_TARGETS: bool,
  KEYLESS_ROTATION_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  KEYLESS_ROTATION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  KEYLESS_ROTATION_MAX_STARTS_PER_TICK: z.coerce.number().int().min(1).max(1000).default(25),

  // Bearer token Prometheus sends to /api/metrics; the endpoint is off (404) when unset.
  KEYLESS_METRICS_TOKEN: z.string().min(16, "KEYLESS_METRICS_TOKEN must be at least 16 characters").optional(),

  KEYLESS_TRUST_PROXY: bool,
  // A Server-Timing header on API answers (the caller lookup, the vending preflight, STS, the
  // audit write): what bench/vending.ts reports its breakdown from. Off in production: it
  // tells every client how long each step took.
  KEYLESS_SERVER_TIMING: bool,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

// Production refuses to start without the audit key: an unsealed chain is only tamper-evident
// against someone who cannot also recompute it.
export const validatedEnvSchema = envSchema.refine((e) => e.NODE_ENV !== "production" || e.KEYLESS_AUDIT_HMAC_KEY, {
  path: ["KEYLESS_AUDIT_HMAC_KEY"],
  message: "KEYLESS_AUDIT_HMAC_KEY is required in production (openssl rand -base64 32)",
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = validatedEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid Keyless configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  return parsed.data;
}

/** The validated configuration (parsed on first use). */
export function env(): Env {
  cached ??= loadEnv();
  return cached;
}

/** For tests: forget the parsed configuration. */
export function resetEnvForTests(): void {
  cached = undefined;
}
