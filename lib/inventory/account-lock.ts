import "server-only";
import { withAdvisoryLock, type LockHold } from "@/lib/locks/advisory";

// One sync per AWS account at a time, across every worker and app instance (an advisory
// lock, lib/locks/advisory.ts). pg-boss's singleton queue already keeps two jobs for one
// account from being active together; this also covers a job that expired while still
// running and was retried elsewhere.

const NAMESPACE = 0x6b6c_7331; // "kls1": keeps these locks apart from anyone else's

export class AccountLockLostError extends Error {
  override name = "AccountLockLostError";
  constructor(awsAccountId: string) {
    super(`lost the sync lock on account ${awsAccountId} (its database session ended)`);
  }
}

export type AccountLockHold = LockHold;

export function withAccountLock<T>(awsAccountId: string, fn: (hold: AccountLockHold) => Promise<T>, waitMs = 30 * 60_000): Promise<T> {
  return withAdvisoryLock(
    {
      namespace: NAMESPACE,
      key: awsAccountId,
      what: `account ${awsAccountId}`,
      waitMs,
      errorFor: () => new AccountLockLostError(awsAccountId),
    },
    fn,
  );
}
