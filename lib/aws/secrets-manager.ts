import "server-only";
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { clientConfig, type AwsCredentials } from "@/lib/aws/config";
import { toAwsCallError } from "@/lib/aws/errors";

// AWS Secrets Manager in an integration's account, called with the credentials of the role
// Keyless assumed there. Values pass through; nothing here logs or stores them.

export type SecretLocation = { secretId: string; region?: string; timeoutMs?: number; signal?: AbortSignal };

function client(credentials: AwsCredentials, location: SecretLocation): SecretsManagerClient {
  const timeout = location.timeoutMs ?? 10_000;
  return new SecretsManagerClient({
    ...clientConfig(credentials),
    ...(location.region ? { region: location.region } : {}),
    requestHandler: { connectionTimeout: Math.min(timeout, 5_000), requestTimeout: timeout, throwOnRequestTimeout: true },
  });
}

const isArn = (id: string) => id.startsWith("arn:");

/**
 * Stores `value` as the secret's new current version, creating the secret (by name) when
 * it does not exist yet. Returns whether it was created.
 */
export async function putSecretString(
  credentials: AwsCredentials,
  input: SecretLocation & { value: string; kmsKeyId?: string; description?: string },
): Promise<{ created: boolean }> {
  const sm = client(credentials, input);
  const options = { abortSignal: input.signal };
  const put = () => sm.send(new PutSecretValueCommand({ SecretId: input.secretId, SecretString: input.value }), options);
  try {
    try {
      await put();
      return { created: false };
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException) || isArn(input.secretId)) throw error;
    }
    try {
      await sm.send(
        new CreateSecretCommand({
          Name: input.secretId,
          SecretString: input.value,
          KmsKeyId: input.kmsKeyId,
          Description: input.description,
          Tags: [{ Key: "managed-by", Value: "keyless" }],
        }),
        options,
      );
      return { created: true };
    } catch (error) {
      // Created meanwhile by a retry or a second instance: write the value as a new version.
      if (!(error instanceof ResourceExistsException)) throw error;
      await put();
      return { created: false };
    }
  } catch (error) {
    throw toAwsCallError("SecretsManager", "PutSecretValue", error);
  } finally {
    sm.destroy();
  }
}

/** The secret's current string value, or null when the secret does not exist. */
export async function getSecretString(credentials: AwsCredentials, location: SecretLocation): Promise<string | null> {
  const sm = client(credentials, location);
  try {
    const out = await sm.send(new GetSecretValueCommand({ SecretId: location.secretId }), { abortSignal: location.signal });
    return out.SecretString ?? null;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return null;
    throw toAwsCallError("SecretsManager", "GetSecretValue", error);
  } finally {
    sm.destroy();
  }
}
