import "server-only";
import { env } from "@/lib/env";

export type AwsCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/**
 * Shared client settings: the region, the sandbox endpoint when configured, and adaptive
 * retries (client-side rate limiting that backs off on throttling).
 */
export function clientConfig(credentials?: AwsCredentials) {
  const e = env();
  return {
    region: e.AWS_REGION,
    ...(e.KEYLESS_AWS_ENDPOINT_URL ? { endpoint: e.KEYLESS_AWS_ENDPOINT_URL } : {}),
    retryMode: "adaptive" as const,
    maxAttempts: 5,
    ...(credentials ? { credentials } : {}),
  };
}
