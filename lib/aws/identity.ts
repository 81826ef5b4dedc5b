import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { getCallerIdentity } from "@/lib/aws/sts";

export type ServerIdentity = { arn: string; principalArn: string; account: string; roleSession: boolean };

let cached: Promise<ServerIdentity | null> | undefined;

/** `arn:aws:sts::1:assumed-role/R/s` → `arn:aws:iam::1:role/R`: what a trust policy names. */
export function principalFromCallerArn(arn: string): string {
  const m = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : arn;
}

/** The identity the server calls AWS with (asked once per process). */
export function getServerIdentity(): Promise<ServerIdentity | null> {
  cached ??= getCallerIdentity()
    .then((id) => ({
      arn: id.arn,
      principalArn: env().KEYLESS_SERVER_PRINCIPAL_ARN ?? principalFromCallerArn(id.arn),
      account: id.account,
      roleSession: id.arn.includes(":assumed-role/"),
    }))
    .catch((error: unknown) => {
      logger().warn({ err: error }, "could not determine the server's AWS identity");
      cached = undefined;
      return null;
    });
  return cached;
}
