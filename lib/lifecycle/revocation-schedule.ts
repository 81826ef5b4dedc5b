import "server-only";
import { db } from "@/lib/db";
import { awsRevocationsApplyJob } from "@/lib/jobs/definitions/aws-revocations-apply";
import { awsRevocationsPersonJob } from "@/lib/jobs/definitions/aws-revocations-person";
import { enqueue } from "@/lib/jobs/enqueue";
import { recordAwsRevocations } from "@/lib/lifecycle/aws-revocations";
import { logger } from "@/lib/logger";

// Queues the AWS side of a revocation once its rows are committed. An issuance that was
// in flight at the moment of revocation is recorded a moment later (its audit entry is
// written after STS answered): the person job runs now and again a little later, and each
// run adds any role such a session landed on.

const LATE_SESSION_RECHECK_SECONDS = 20;

export type PersonRevocation = {
  userId: string;
  at: Date;
  reason: string;
  requestedBy: string;
  /** Only these roles (a grant's). */ roleArns?: string[];
};

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
    // The rows are committed: the prune/recover jobs and the next revocation still apply
    // them, but say so loudly, since the deny waits until then.
    logger().error({ err: error, userId: input.userId }, "could not queue the AWS session revocation");
    throw error;
  }
}

/** The person job: late sessions' roles, then a policy write for each revoked role. */
export async function completePersonRevocation(input: PersonRevocation): Promise<void> {
  await db().$transaction((tx) => recordAwsRevocations(tx, input));
  const roles = await db().awsSessionRevocation.findMany({
    where: { userId: input.userId, revokedBefore: { gte: input.at }, ...(input.roleArns ? { roleArn: { in: input.roleArns } } : {}) },
    select: { roleArn: true },
    distinct: ["roleArn"],
  });
  for (const { roleArn } of roles) await enqueue(awsRevocationsApplyJob, { roleArn }, { singletonKey: roleArn });
}
