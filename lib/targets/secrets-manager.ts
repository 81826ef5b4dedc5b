import "server-only";
import { z } from "zod";
import { AwsCallError } from "@/lib/aws/errors";
import {
  createSecret,
  describeSecretTags,
  getSecretString,
  putSecretValue,
  tagSecret,
  type SecretLocation,
} from "@/lib/aws/secrets-manager";
import { redact, TargetError } from "./errors";
import { ownershipTags, secretOwnership, type SecretClaim } from "./secret-ownership";
import type { TargetConnector, TargetContext } from "./types";

// An AWS Secrets Manager secret in the integration's own account, written with the
// credentials of the role Keyless assumes there (no API token). The value is JSON
// {"AccessKeyId": "...", "SecretAccessKey": "..."}. Keyless writes only a secret it
// created (tagged for the integration, or for the request that becomes it) or one an
// admin adopted: checked from the secret's tags before every write and read, so a
// requester cannot name someone else's secret and have it overwritten or read back.

const settingsSchema = z.object({
  /** Secret name (created when missing) or the ARN of an existing secret. */
  secretId: z
    .string()
    .trim()
    .regex(/^(arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+|[\w/+=.@-]{1,512})$/, "must be a secret name or ARN"),
  region: z
    .string()
    .trim()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region like eu-west-1")
    .optional(),
  /** KMS key for a secret Keyless creates; AWS's default key when unset. */
  kmsKeyId: z.string().trim().min(1).max(2048).optional(),
});
export type SecretsManagerSettings = z.output<typeof settingsSchema>;

const stored = z.object({ AccessKeyId: z.string().min(1), SecretAccessKey: z.string().min(1) });

const label = "AWS Secrets Manager";

function location(ctx: TargetContext<SecretsManagerSettings>): SecretLocation {
  return { secretId: ctx.settings.secretId, region: ctx.settings.region, signal: ctx.signal, timeoutMs: ctx.timeoutMs };
}

function credentials(ctx: TargetContext<SecretsManagerSettings>) {
  if (ctx.aws) return ctx.aws.credentials;
  throw new TargetError("secrets_manager", "misconfigured", `${label}: no credentials for the integration's account were given`, false);
}

function toTargetError(error: unknown, secretId: string, secrets: string[]): unknown {
  if (!(error instanceof AwsCallError)) return error;
  const fail = (reason: ConstructorParameters<typeof TargetError>[1], text: string, retryable = error.retryable) =>
    new TargetError("secrets_manager", reason, redact(`${label}: ${text} (${error.code})`, secrets), retryable, error.httpStatus);
  if (/ExpiredToken/.test(error.code)) return fail("auth", "the assumed role's session expired", true);
  if (/AccessDenied|UnrecognizedClient|InvalidClientTokenId|InvalidSignature/.test(error.code)) {
    return fail("forbidden", `the role Keyless assumes was refused access to secret ${secretId}`, false);
  }
  if (/ResourceNotFound/.test(error.code))
    return fail("not_found", `secret ${secretId} was not found (Keyless creates secrets by name, not by ARN)`, false);
  if (error.retryable) return fail("unavailable", "the service is failing or throttling", true);
  return fail("rejected", `the request was rejected: ${error.message}`, false);
}

/** Who may write: the integration (rotation) or the request being provisioned. */
function claim(ctx: TargetContext<SecretsManagerSettings>): SecretClaim {
  if (ctx.integration?.id || ctx.requestId) return { integrationId: ctx.integration?.id, requestId: ctx.requestId };
  throw new TargetError("secrets_manager", "misconfigured", `${label}: no integration or request to write the secret for`, false);
}

function foreign(secretId: string): TargetError {
  return new TargetError(
    "secrets_manager",
    "forbidden",
    `${label}: secret ${secretId} was not created by Keyless for this integration, so Keyless does not write it. ` +
      "Choose a new secret name, or have an admin adopt this secret on the integration's page.",
    false,
  );
}

const isArn = (id: string) => id.startsWith("arn:");

async function write(ctx: TargetContext<SecretsManagerSettings>, value: string): Promise<void> {
  const who = claim(ctx);
  const creds = credentials(ctx);
  let tags = await describeSecretTags(creds, location(ctx));
  if (tags === null) {
    if (isArn(ctx.settings.secretId)) {
      const text = `${label}: secret ${ctx.settings.secretId} was not found (Keyless creates secrets by name, not by ARN)`;
      throw new TargetError("secrets_manager", "not_found", text, false);
    }
    const created = await createSecret(creds, {
      ...location(ctx),
      value,
      tags: ownershipTags(who),
      kmsKeyId: ctx.settings.kmsKeyId,
      description: "AWS access key rotated by Keyless",
    });
    if (created) return;
    tags = (await describeSecretTags(creds, location(ctx))) ?? {}; // created meanwhile: judge it like any other
  }
  const ownership = secretOwnership(tags, who);
  if (ownership === "foreign") throw foreign(ctx.settings.secretId);
  if (ownership === "legacy") await tagSecret(creds, location(ctx), ownershipTags(who));
  await putSecretValue(creds, { ...location(ctx), value });
}

/** What the secret holds, when it is ours to read: null (absent), "foreign", "other" (not our JSON). */
async function readStored(ctx: TargetContext<SecretsManagerSettings>) {
  let raw: string | null;
  try {
    const tags = await describeSecretTags(credentials(ctx), location(ctx));
    if (tags === null) return null;
    if (secretOwnership(tags, claim(ctx)) === "foreign") return "foreign";
    raw = await getSecretString(credentials(ctx), location(ctx));
  } catch (error) {
    throw toTargetError(error, ctx.settings.secretId, []);
  }
  if (raw === null) return null;
  try {
    const parsed = stored.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : "other";
  } catch {
    return "other"; // not JSON: something other than Keyless wrote it
  }
}

export const secretsManagerTarget: TargetConnector<SecretsManagerSettings> = {
  type: "secrets_manager",
  label: "AWS Secrets Manager secret",
  icon: "Vault",
  fields: [
    {
      key: "secretId",
      label: "Secret name or ARN",
      placeholder: "ci/deploy-bot",
      required: true,
      hint: "In the integration's account; created when missing.",
    },
    { key: "region", label: "Region", placeholder: "the server's region" },
    { key: "kmsKeyId", label: "KMS key for a new secret", placeholder: "aws/secretsmanager", advanced: true },
  ],
  settingsSchema,
  requiresToken: false,
  identity: ["secretId", "region"],
  urlFields: [],
  describe: (s) => `AWS Secrets Manager secret ${s.secretId}${s.region ? ` (${s.region})` : ""}`,
  async write(ctx, key) {
    try {
      await write(ctx, JSON.stringify({ AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey }));
    } catch (error) {
      throw toTargetError(error, ctx.settings.secretId, [key.secretAccessKey]);
    }
  },
  async currentKeyId(ctx) {
    const held = await readStored(ctx);
    if (held === null) return { kind: "absent" };
    if (held === "foreign")
      return { kind: "unknown", reason: `secret ${ctx.settings.secretId} is not managed by Keyless for this integration` };
    if (held === "other") return { kind: "unknown", reason: "the secret does not hold Keyless's AccessKeyId/SecretAccessKey JSON" };
    return { kind: "exact", accessKeyId: held.AccessKeyId };
  },
  async verify(ctx, expected) {
    const held = await readStored(ctx);
    if (held === null) return { ok: false, detail: `secret ${ctx.settings.secretId} does not exist` };
    if (held === "foreign") return { ok: false, detail: `secret ${ctx.settings.secretId} is not managed by Keyless for this integration` };
    if (held === "other") return { ok: false, detail: `secret ${ctx.settings.secretId} does not hold Keyless's JSON` };
    if (held.AccessKeyId !== expected)
      return { ok: false, detail: `secret ${ctx.settings.secretId} holds ${held.AccessKeyId}, expected ${expected}` };
    return { ok: true, detail: `secret ${ctx.settings.secretId} holds ${expected} and its secret access key` };
  },
};
