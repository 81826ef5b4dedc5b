import "server-only";
import { db, type Tx } from "@/lib/db";
import { awsRevocationsApplyJob } from "@/lib/jobs/definitions/aws-revocations-apply";
import { awsRevocationsPersonJob } from "@/lib/jobs/definitions/aws-revocations-person";
import { enqueue } from "@/lib/jobs/enqueue";
import { recordAwsRevocations } from "@/lib/lifecycle/aws-revocations";
import { logger } from "@/lib/logger";

// Queues the AWS side of a revocation once its rows are committed, and catches issuances
// that were in flight at the moment of revocation: STS answered, but the issuance's audit
// entry (which records the session) had not been written when the revocation looked. The
// person job runs now and again a little later. Each run adds the roles such sessions
// landed on: by AWS's issue time (recorded from the issuance) a session issued before the
// moment is covered as of that moment; for a person whose access has ended, or a role
// they may no longer use, any session they still hold is covered as of the run itself.

const LATE_SESSION_RECHECK_SECONDS = 20;

export type PersonRevocation = {
  userId: string;
  at: Date;
  reason: string;
  requestedBy: string;
  /** Only these roles (a grant's, the roles a removed group gave). */ roleArns?: string[];
};

/** Always called after a revocation commits, even with no session recorded yet: one may be in flight. */
export async function scheduleAwsRevocation(input: PersonRevocation): Promise<void> {
  const payload = { ...input, at: input.at.toISOString() };
  try {
    await enqueue(awsRevocationsPersonJob, payload, { retryLimit: 8, retryDelay: 5, retryBackoff: true });
    await enqueue(awsRevocationsPersonJob, payload, {
      retryLimit: 8,
      retryDelay: 5,
      retryBackoff: true,
      startAfter: LATE_SESSION_RECHECK_SECONDS,
    });
  } catch (error) {
    // The rows are committed and aws-revocations-prune applies unapplied rows, but only
    // minutes later: say so loudly.
    logger().error({ err: error, userId: input.userId }, "could not queue the AWS session revocation");
    throw error;
  }
}

/** Roles among `roleArns` (all when omitted) on which the person may no longer hold any session. */
async function rolesLost(tx: Tx, input: PersonRevocation, now: Date): Promise<string[] | "all" | null> {
  const [person] = await tx.$queryRaw<{ status: string }[]>`SELECT status::text FROM users WHERE id = ${input.userId}`;
  if (!person) return null;
  if (person.status !== "active") return "all";
  if (!input.roleArns) return null;
  const usable = await tx.$queryRaw<{ role_arn: string }[]>`
    SELECT r.role_arn FROM aws_roles r JOIN users u ON u.id = ${input.userId}
     WHERE r.role_arn = ANY(${input.roleArns}::text[]) AND r.allowed_groups && u.groups
       AND (NOT r.requires_approval OR EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id AND g.aws_role_id = r.id
                                                 AND g.revoked_at IS NULL AND g.expires_at > ${now}))`;
  const kept = new Set(usable.map((r) => r.role_arn));
  return input.roleArns.filter((arn) => !kept.has(arn));
}

/** The person job: late sessions' roles, then a policy write for each revoked role. */
export async function completePersonRevocation(input: PersonRevocation, now: Date = new Date()): Promise<void> {
  await db().$transaction(async (tx) => {
    await recordAwsRevocations(tx, input);
    const lost = await rolesLost(tx, input, now);
    if (lost === "all") await recordAwsRevocations(tx, { ...input, at: now });
    else if (lost && lost.length > 0) await recordAwsRevocations(tx, { ...input, at: now, roleArns: lost });
  });
  const roles = await db().awsSessionRevocation.findMany({
    where: { userId: input.userId, revokedBefore: { gte: input.at }, ...(input.roleArns ? { roleArn: { in: input.roleArns } } : {}) },
    select: { roleArn: true },
    distinct: ["roleArn"],
  });
  for (const { roleArn } of roles) await enqueue(awsRevocationsApplyJob, { roleArn }, { singletonKey: roleArn });
}
