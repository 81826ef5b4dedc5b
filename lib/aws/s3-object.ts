import "server-only";
import { clientConfig } from "@/lib/aws/config";
import { toAwsCallError } from "@/lib/aws/errors";

// One object written with the server's own credentials (the audit head). With a retention
// mode, each version is locked until its date (S3 Object Lock: the bucket must have it on).

export type ObjectLock = { mode: "GOVERNANCE" | "COMPLIANCE"; until: Date };

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match?.[1] || !match[2]) throw new Error("not an s3://bucket/key URI");
  return { bucket: match[1], key: match[2] };
}

export async function putJsonObject(uri: string, body: unknown, lock?: ObjectLock): Promise<void> {
  const { bucket, key } = parseS3Uri(uri);
  // Loaded on first use: the S3 client is ~14 MB of memory, and only the audit head's export uses it.
  const { PutObjectCommand, S3Client } = await import("@aws-sdk/client-s3");
  const config = clientConfig();
  // A custom endpoint (the sandbox's moto) serves buckets by path, not by host name.
  const s3 = new S3Client({ ...config, forcePathStyle: "endpoint" in config });
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: JSON.stringify(body, null, 2),
        ContentType: "application/json",
        ...(lock ? { ObjectLockMode: lock.mode, ObjectLockRetainUntilDate: lock.until } : {}),
      }),
    );
  } catch (error) {
    throw toAwsCallError("S3", "PutObject", error);
  } finally {
    s3.destroy();
  }
}
