// Whether a person's groups are recent enough to act on without a browser sign-in. A CLI
// session lasts weeks; its roles must not be the ones of a sign-in weeks ago. Groups are
// current when the IdP confirmed them recently (sign-in, or the worker's re-read with the
// refresh token every KEYLESS_GROUPS_REFRESH_MINUTES), or when the IdP provisions the person
// over SCIM (it pushes every change). Otherwise, after as long as a browser session lasts,
// the CLI asks the person to sign in through the browser once. Pure, for lib/cli-auth.

export type GroupsEvidence = { groupsCheckedAt: Date | null; source: "sso" | "scim" };

export type FreshnessPolicy = { sessionMaxAgeHours: number; refreshMinutes: number; scimEnabled: boolean };

export function groupsMaxAgeMs(policy: FreshnessPolicy): number {
  return Math.max(policy.sessionMaxAgeHours * 3_600_000, 4 * policy.refreshMinutes * 60_000);
}

export function groupsAreCurrent(person: GroupsEvidence, policy: FreshnessPolicy, now: Date = new Date()): boolean {
  if (person.source === "scim" && policy.scimEnabled) return true;
  if (!person.groupsCheckedAt) return false;
  return now.getTime() - person.groupsCheckedAt.getTime() <= groupsMaxAgeMs(policy);
}

export const STALE_GROUPS_MESSAGE =
  "Your identity provider has not confirmed your groups recently, so Keyless cannot tell what you may still use. Sign in again: run `keyless login`.";
