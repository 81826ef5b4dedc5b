import "server-only";
import type { VendAction } from "@/lib/audit/actions";
import { auditRefusal, withAudit } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { AwsCallError } from "@/lib/aws/errors";
import { getServerIdentity } from "@/lib/aws/identity";
import { createConsoleSigninUrl } from "@/lib/aws/signin";
import { assumeRole, assumeRoleWithWebIdentity, type TemporaryCredentials } from "@/lib/aws/sts";
import { buildConsoleDestination, type ConsoleDestination } from "@/lib/console/destination";
import { decryptSecret } from "@/lib/crypto";
import { AWS_MIN_SESSION_SECONDS, resolveDuration, type ResolvedDuration } from "@/lib/credentials/duration";
import { requireVendableRole, type Asker, type VendableRole } from "@/lib/credentials/preflight";
import type { UsableRole } from "@/lib/credentials/roles";
import { sessionNameFromEmail } from "@/lib/credentials/session-identity";
import { assumeRoleParams } from "@/lib/credentials/sts-params";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { issuableAfter } from "@/lib/lifecycle/revocation-policy";
import { AppError, ForbiddenError, UpstreamError } from "@/lib/errors";
import { timed } from "@/lib/http/server-timing";
import { observeIssuance } from "@/lib/metrics/registry";

// Credential vending. STS is called from the server's own identity with the person's email
// as RoleSessionName and SourceIdentity and session tags, so CloudTrail names them. What
// is issued is returned once and never stored or logged (the audit keeps the temporary
// access key id, which identifies the session in CloudTrail, never the secret).

export type IssuedCredentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
  roleArn: string;
  accountId: string;
  durationSeconds: number;
  cappedReason?: string;
};

async function durationFor(role: UsableRole, requested: number | undefined): Promise<ResolvedDuration> {
  const identity = role.deliveryMode === "ASSUME_ROLE" ? await getServerIdentity() : null;
  const grantLeft = role.grant ? Math.floor((new Date(role.grant.expiresAt).getTime() - Date.now()) / 1000) : null;
  if (grantLeft !== null && grantLeft < AWS_MIN_SESSION_SECONDS) {
    throw new ForbiddenError(
      `Your approved access to this role ends in ${Math.max(1, Math.round(grantLeft / 60))} minute(s), less than the shortest AWS session (15 minutes). Request an extension.`,
      { reason: "grant-ending" },
    );
  }
  const resolved = resolveDuration(requested, {
    roleMaxSeconds: role.maxDurationSeconds,
    orgMaxSeconds: env().KEYLESS_MAX_SESSION_SECONDS,
    defaultSeconds: env().KEYLESS_DEFAULT_SESSION_SECONDS,
    roleChaining: identity?.roleSession ?? false,
  });
  if (grantLeft !== null && resolved.durationSeconds > grantLeft) {
    const ends = new Date(Date.now() + grantLeft * 1000).toISOString().slice(11, 16);
    return { durationSeconds: grantLeft, cappedReason: `Your approved access to this role ends at ${ends} UTC; the session ends with it.` };
  }
  return resolved;
}

async function userIdToken(caller: UserCaller): Promise<string> {
  const account = await db().account.findFirst({
    where: { userId: caller.userId, idTokenEncrypted: { not: null } },
    orderBy: { updatedAt: "desc" },
    select: { idTokenEncrypted: true, idTokenExpiresAt: true },
  });
  const fresh = account?.idTokenExpiresAt ? account.idTokenExpiresAt.getTime() > Date.now() + 30_000 : false;
  if (!account?.idTokenEncrypted || !fresh) {
    throw new AppError(
      401,
      "reauthentication-required",
      "Sign in again",
      "This role uses your SSO token, which has expired: sign in again to use it.",
    );
  }
  return decryptSecret(account.idTokenEncrypted, `id-token:${caller.userId}`);
}

function explainStsFailure(error: unknown): never {
  if (error instanceof AwsCallError) {
    if (/AccessDenied/i.test(error.code)) {
      throw new UpstreamError(
        "AWS",
        "AWS refused to assume this role. Its trust policy must trust Keyless and allow sts:SetSourceIdentity and sts:TagSession; an admin can copy the policy from Admin → Accounts.",
      );
    }
    if (error.retryable) throw new UpstreamError("AWS", "AWS STS is throttling or unavailable right now. Try again in a few seconds.", 503);
    throw new UpstreamError("AWS", `AWS STS refused the request (${error.code}).`);
  }
  throw error;
}

/**
 * Right after this person's sessions on the role were revoked (their own "Revoke all my
 * sessions", the CLI fetching fresh credentials at once), a session issued within the same
 * second would fall under the deny, which compares whole seconds: wait that second out.
 */
async function waitPastRevocation(role: VendableRole): Promise<void> {
  if (!role.recentRevocation) return;
  const wait = issuableAfter(role.recentRevocation).getTime() - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 3000)));
}

async function vend(
  caller: UserCaller,
  role: VendableRole,
  duration: ResolvedDuration,
): Promise<{ creds: TemporaryCredentials; duration: ResolvedDuration }> {
  const sessionName = sessionNameFromEmail(caller.email);
  await waitPastRevocation(role);
  const call = (seconds: number) =>
    role.deliveryMode === "WEB_IDENTITY"
      ? userIdToken(caller).then((token) =>
          assumeRoleWithWebIdentity({
            roleArn: role.roleArn,
            roleSessionName: sessionName,
            webIdentityToken: token,
            durationSeconds: seconds,
          }),
        )
      : assumeRole(assumeRoleParams(caller, role.roleArn, seconds));
  try {
    return { creds: await call(duration.durationSeconds), duration };
  } catch (error) {
    // The role's MaxSessionDuration in IAM may be lower than its Keyless mapping says.
    const tooLong = error instanceof AwsCallError && error.code === "ValidationError" && /DurationSeconds/i.test(error.message);
    if (tooLong && duration.durationSeconds > 3600) {
      const retry = {
        durationSeconds: 3600,
        cappedReason: "The role's maximum session duration in AWS is 1 hour (lower than its Keyless mapping).",
      };
      return { creds: await call(retry.durationSeconds), duration: retry };
    }
    throw error;
  }
}

async function vendAudited(
  caller: UserCaller,
  role: VendableRole,
  requested: number | undefined,
  action: VendAction,
  extra: Record<string, unknown> = {},
) {
  let result: Awaited<ReturnType<typeof vend>>;
  try {
    const duration = await durationFor(role, requested);
    result = await timed(caller.request, "sts", () => vend(caller, role, duration));
  } catch (error) {
    await auditRefusal(caller, action, {
      outcome: "failure",
      target: { type: "aws_role", id: role.roleArn },
      details: { accountId: role.accountId, error: error instanceof Error ? error.message.slice(0, 300) : "unknown" },
    });
    explainStsFailure(error);
  }
  // Fail closed: if the audit entry cannot be written, the credentials are not handed out.
  await timed(caller.request, "audit", () =>
    withAudit(
      caller,
      action,
      { type: "aws_role", id: role.roleArn },
      {
        details: {
          accountId: role.accountId,
          durationSeconds: result.duration.durationSeconds,
          // AWS's issue time (the session's aws:TokenIssueTime): a revocation compares with it.
          issuedAt: new Date(result.creds.expiration.getTime() - result.duration.durationSeconds * 1000).toISOString(),
          cappedReason: result.duration.cappedReason,
          temporaryAccessKeyId: result.creds.accessKeyId,
          deliveryMode: role.deliveryMode,
          via: caller.via,
          ...(role.grant ? { grantId: role.grant.id, grantExpiresAt: role.grant.expiresAt } : {}),
          ...(caller.tokenId ? { cliSessionId: caller.tokenId } : {}),
          ...extra,
        },
      },
    ),
  );
  return result;
}

export async function issueCredentials(asker: Asker, input: { roleId: string; durationSeconds?: number }): Promise<IssuedCredentials> {
  return observeIssuance("credentials", () => issue(asker, input));
}

async function issue(asker: Asker, input: { roleId: string; durationSeconds?: number }): Promise<IssuedCredentials> {
  // One round trip before STS: who asks, their permission, the role, the grant and the rate
  // limit, in one statement.
  const { caller, role } = await timed(asker.request, "preflight", () => requireVendableRole(asker, input.roleId, "credentials.issue"));
  const { creds, duration } = await vendAudited(caller, role, input.durationSeconds, "credentials.issue");
  return {
    accessKeyId: creds.accessKeyId,
    secretAccessKey: creds.secretAccessKey,
    sessionToken: creds.sessionToken,
    expiration: creds.expiration.toISOString(),
    roleArn: role.roleArn,
    accountId: role.accountId,
    durationSeconds: duration.durationSeconds,
    ...(duration.cappedReason ? { cappedReason: duration.cappedReason } : {}),
  };
}

type ConsoleUrlInput = { roleId: string; destination?: ConsoleDestination };
type ConsoleUrl = { url: string; expiration: string; destination: string };

export async function createConsoleUrl(asker: Asker, input: ConsoleUrlInput): Promise<ConsoleUrl> {
  return observeIssuance("console", () => consoleUrl(asker, input));
}

async function consoleUrl(asker: Asker, input: ConsoleUrlInput): Promise<ConsoleUrl> {
  // Validated before anything is vended: a refused destination costs no STS call.
  const destination = input.destination ? buildConsoleDestination(input.destination) : env().KEYLESS_AWS_CONSOLE_URL;
  const { caller, role } = await timed(asker.request, "preflight", () => requireVendableRole(asker, input.roleId, "console.open"));
  const { creds, duration } = await vendAudited(caller, role, undefined, "console.open", { destination });
  const url = await createConsoleSigninUrl(creds, {
    issuer: new URL(env().AUTH_URL).host,
    sessionDurationSeconds: duration.durationSeconds,
    destination,
  });
  return { url, expiration: creds.expiration.toISOString(), destination };
}
