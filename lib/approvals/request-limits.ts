import "server-only";
import { auditRefusal } from "@/lib/audit/record";
import type { z } from "zod";
import type { UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { AwsCallError } from "@/lib/aws/errors";
import { accountCredentials } from "@/lib/aws/iam-keys";
import { describeSecretTags } from "@/lib/aws/secrets-manager";
import { env } from "@/lib/env";
import { UpstreamError, ValidationError } from "@/lib/errors";
import { consumeRateLimit, RateLimitedError } from "@/lib/rate-limit/limiter";
import type { SecretsManagerSettings } from "@/lib/targets/secrets-manager";

// What creating an access request must pass besides its own validation: a per-person rate
// limit (requests notify every approver: a loop must not flood them), and, for a Secrets
// Manager target, a secret that does not exist yet. A request can only ever create its
// secret: naming an existing one (someone else's database password, another service's
// key) is refused here, and provisioning checks the secret's tags again before writing.

/** The start of every new request: the permission, the input parsed, then the hourly limit counted. */
export async function newRequestInput<S extends z.ZodType>(caller: UserCaller, schema: S, raw: unknown): Promise<z.infer<S>> {
  await requirePermission(caller, "requests.create");
  const input = schema.parse(raw);
  await limitRequestCreation(caller);
  return input;
}

/** Counts one request creation for the person; 429 with Retry-After over the hourly limit. */
export async function limitRequestCreation(caller: UserCaller): Promise<void> {
  try {
    await consumeRateLimit([{ key: `requests:create:user:${caller.userId}`, limit: env().KEYLESS_REQUEST_RATE_LIMIT_PER_HOUR }], 3600);
  } catch (error) {
    if (error instanceof RateLimitedError && error.firstRefusal) {
      await auditRefusal(caller, "request.create", {
        details: {
          reason: "rate limited",
          limitPerHour: env().KEYLESS_REQUEST_RATE_LIMIT_PER_HOUR,
          retryAfterSeconds: error.retryAfterSeconds,
        },
      });
    }
    throw error;
  }
}

const secretIdPath = "targetSettings.secretId";

/** Refuses a Secrets Manager target whose secret already exists in the account (or is named by ARN). */
export async function requireNewSecret(caller: UserCaller, accountId: string, settings: SecretsManagerSettings): Promise<void> {
  const refuse = async (message: string) => {
    await auditRefusal(caller, "request.create", {
      details: { reason: "the secret exists", accountId, target: `AWS Secrets Manager ${settings.secretId}` },
    });
    throw new ValidationError(`${secretIdPath}: ${message}`, [{ path: secretIdPath, message }]);
  };
  if (settings.secretId.startsWith("arn:"))
    return refuse("name a new secret: an ARN names one that exists, and a request can only create its secret");
  let tags: Record<string, string> | null;
  try {
    tags = await describeSecretTags(await accountCredentials(accountId), { secretId: settings.secretId, region: settings.region });
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    throw new UpstreamError("AWS", `Could not check whether secret ${settings.secretId} exists in account ${accountId} (${error.code}).`);
  }
  if (tags !== null) {
    return refuse(
      `secret ${settings.secretId} already exists in account ${accountId}; Keyless only writes secrets it creates. Choose a new name`,
    );
  }
}
