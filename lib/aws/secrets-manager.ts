import "server-only";
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
  TagResourceCommand,
} from "@aws-sdk/client-secrets-manager";
import { clientConfig, type AwsCredentials } from "@/lib/aws/config";
import { toAwsCallError } from "@/lib/aws/errors";

// AWS Secrets Manager in an integration's account, called with the credentials of the role
// Keyless assumed there. Values pass through; nothing here logs or stores them. Which
// secrets Keyless may write is decided by their tags (lib/targets/secret-ownership.ts):
// these calls only create (never over an existing secret), describe, tag and put.

export type SecretLocation = { secretId: string; region?: string; timeoutMs?: number; signal?: AbortSignal };

function client(credentials: AwsCredentials, location: SecretLocation): SecretsManagerClient {
  const timeout = location.timeoutMs ?? 10_000;
  return new SecretsManagerClient({
    ...clientConfig(credentials),
    ...(location.region ? { region: location.region } : {}),
    requestHandler: { connectionTimeout: Math.min(timeout, 5_000), requestTimeout: timeout, throwOnRequestTimeout: true },
  });
}

async function call<T>(
  credentials: AwsCredentials,
  location: SecretLocation,
  operation: string,
  fn: (sm: SecretsManagerClient) => Promise<T>,
): Promise<T> {
  const sm = client(credentials, location);
  try {
    return await fn(sm);
  } catch (error) {
    throw toAwsCallError("SecretsManager", operation, error);
  } finally {
    sm.destroy();
  }
}

const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** The secret's tags, or null when it does not exist (a deleted-but-recoverable secret exists). */
export async function describeSecretTags(credentials: AwsCredentials, location: SecretLocation): Promise<Record<string, string> | null> {
  return call(credentials, location, "DescribeSecret", async (sm) => {
    try {
      const out = await sm.send(new DescribeSecretCommand({ SecretId: location.secretId }), { abortSignal: location.signal });
      return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return null;
      throw error;
    }
  });
}

/** Creates the secret (by name) with its first value and tags; false when one by that name exists. */
export async function createSecret(
  credentials: AwsCredentials,
  input: SecretLocation & { value: string; tags: Record<string, string>; kmsKeyId?: string; description?: string },
): Promise<boolean> {
  return call(credentials, input, "CreateSecret", async (sm) => {
    try {
      await sm.send(
        new CreateSecretCommand({
          Name: input.secretId,
          SecretString: input.value,
          KmsKeyId: input.kmsKeyId,
          Description: input.description,
          Tags: tagList(input.tags),
        }),
        { abortSignal: input.signal },
      );
      return true;
    } catch (error) {
      if (error instanceof ResourceExistsException) return false;
      throw error;
    }
  });
}

/** Stores `value` as the existing secret's new current version. */
export async function putSecretValue(credentials: AwsCredentials, input: SecretLocation & { value: string }): Promise<void> {
  await call(credentials, input, "PutSecretValue", (sm) =>
    sm.send(new PutSecretValueCommand({ SecretId: input.secretId, SecretString: input.value }), { abortSignal: input.signal }),
  );
}

/** Adds (or overwrites) these tags on the secret. */
export async function tagSecret(credentials: AwsCredentials, location: SecretLocation, tags: Record<string, string>): Promise<void> {
  await call(credentials, location, "TagResource", (sm) =>
    sm.send(new TagResourceCommand({ SecretId: location.secretId, Tags: tagList(tags) }), { abortSignal: location.signal }),
  );
}

/** The secret's current string value, or null when the secret does not exist. */
export async function getSecretString(credentials: AwsCredentials, location: SecretLocation): Promise<string | null> {
  return call(credentials, location, "GetSecretValue", async (sm) => {
    try {
      const out = await sm.send(new GetSecretValueCommand({ SecretId: location.secretId }), { abortSignal: location.signal });
      return out.SecretString ?? null;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return null;
      throw error;
    }
  });
}
