// The inline policy KeylessRevokedSessions that revokes people's live sessions on one role.
// Pure: the worker renders it from the revocation rows every time (never edits what IAM
// holds), so two renders of the same rows give the same document.
//
// Each statement denies everything to sessions whose SourceIdentity is one of the named
// people and whose token was issued before a moment. SourceIdentity is set by Keyless at
// AssumeRole and survives role chaining, so other people's sessions on the role, and the
// person's later ones, are untouched.
//
// IAM caps a role's inline policies at 10,240 characters (whitespace not counted). When the
// entries do not fit, they are compacted, always in the direction that denies more, never
// less: an earlier revocation is moved to a later moment (the person's sessions from the
// gap are denied too), and as a last resort the policy denies every session on the role
// issued before the latest moment, as IAM's own "Revoke active sessions" does.

export const REVOCATION_POLICY_NAME = "KeylessRevokedSessions";
/** IAM's quota for all inline policies of one role together. */
export const ROLE_INLINE_POLICY_QUOTA = 10_240;

export type RevocationEntry = { sourceIdentity: string; revokedBefore: Date; expiresAt: Date };

export type RenderedPolicy = {
  /** The policy document (minified), or null when nothing is left to deny. */
  document: string | null;
  /** exact: every entry as recorded; compacted: some moved later; role-wide: everyone's older sessions. */
  mode: "exact" | "compacted" | "role-wide";
  /** People named, and entries dropped because they expired. */
  people: number;
  expired: number;
};

type Group = { at: number; identities: Set<string> };

/** DateLessThan compares to the second: round up, so a session from the same second is denied. */
function ceilToSecond(ms: number): number {
  return Math.ceil(ms / 1000) * 1000;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function statement(group: Group, index: number): Record<string, unknown> {
  const ids = [...group.identities].sort();
  return {
    Sid: `KeylessRevoked${index + 1}`,
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: {
      StringEquals: { "aws:SourceIdentity": ids.length === 1 ? ids[0] : ids },
      DateLessThan: { "aws:TokenIssueTime": iso(group.at) },
    },
  };
}

function roleWide(at: number): Record<string, unknown> {
  return {
    Sid: "KeylessRevokedAllOlderSessions",
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { DateLessThan: { "aws:TokenIssueTime": iso(at) } },
  };
}

function documentOf(statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * The policy for the entries still in force at `now`, within `budget` characters (the
 * quota minus the role's other inline policies).
 */
export function renderRevocationPolicy(entries: readonly RevocationEntry[], now: Date, budget = ROLE_INLINE_POLICY_QUOTA): RenderedPolicy {
  const live = entries.filter((e) => e.expiresAt.getTime() > now.getTime());
  const expired = entries.length - live.length;
  // A later revocation of the same person covers every session an earlier one did.
  const latest = new Map<string, number>();
  for (const e of live) latest.set(e.sourceIdentity, Math.max(latest.get(e.sourceIdentity) ?? 0, ceilToSecond(e.revokedBefore.getTime())));
  if (latest.size === 0) return { document: null, mode: "exact", people: 0, expired };

  const byTime = new Map<number, Group>();
  for (const [identity, at] of latest) {
    const group = byTime.get(at) ?? { at, identities: new Set<string>() };
    group.identities.add(identity);
    byTime.set(at, group);
  }
  const groups = [...byTime.values()].sort((a, b) => a.at - b.at);
  let mode: RenderedPolicy["mode"] = "exact";
  let document = documentOf(groups.map(statement));
  while (document.length > budget && groups.length > 1) {
    // Merge the two neighbouring moments closest together: the earlier group's people are
    // revoked as of the later moment (the smallest extra window of denied sessions).
    let best = 0;
    for (let i = 1; i < groups.length - 1; i++) {
      if (groups[i + 1]!.at - groups[i]!.at < groups[best + 1]!.at - groups[best]!.at) best = i;
    }
    const [earlier, later] = [groups[best]!, groups[best + 1]!];
    for (const id of earlier.identities) later.identities.add(id);
    groups.splice(best, 1);
    mode = "compacted";
    document = documentOf(groups.map(statement));
  }
  if (document.length > budget) {
    mode = "role-wide";
    document = documentOf([roleWide(groups[groups.length - 1]!.at)]);
  }
  return { document, mode, people: latest.size, expired };
}
