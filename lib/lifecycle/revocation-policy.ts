// The inline policy KeylessRevokedSessions that revokes people's live sessions on one role.
// Pure: the worker renders it from the revocation rows every time (never edits what IAM
// holds), so two renders of the same rows give the same document.
//
// Each statement denies everything to sessions of the named people whose token was issued
// before a moment. A person is named by the SourceIdentity Keyless sets at AssumeRole: it
// survives role chaining, so other people's sessions on the role, and the person's later
// ones, are untouched. Roles vended with AssumeRoleWithWebIdentity carry no SourceIdentity
// (only the IdP's token could set one): there the person is named by the session name
// Keyless chose, the part of aws:userid after the role's id.
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

/** How sessions name their person: SourceIdentity (AssumeRole) or the session name (web identity). */
export type RevocationMatch = "source-identity" | "session-name";

export type RenderedPolicy = {
  /** The policy document (minified), or null when nothing is left to deny. */
  document: string | null;
  /** exact: every entry as recorded; compacted: some moved later; role-wide: everyone's older sessions. */
  mode: "exact" | "compacted" | "role-wide";
  /** False when even the role-wide form exceeds the budget (the role's other inline policies take it all). */
  fits: boolean;
  /** People named, and entries dropped because they expired. */
  people: number;
  expired: number;
};

type Group = { at: number; identities: Set<string> };

/** DateLessThan compares to the second: round up, so a session from the same second is denied. */
export function ceilToSecond(ms: number): number {
  return Math.ceil(ms / 1000) * 1000;
}

/**
 * When a new session for a person just revoked on a role escapes the revocation: its
 * TokenIssueTime (whole seconds, AWS's clock) must not be before the rounded-up moment,
 * plus a second for clocks that disagree a little. Issuance waits until then.
 */
export function issuableAfter(revokedBefore: Date): Date {
  return new Date(ceilToSecond(revokedBefore.getTime()) + 1000);
}

/** IAM counts a policy's size without whitespace. */
export function policySize(document: string): number {
  return document.replace(/\s/g, "").length;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function who(ids: string[], match: RevocationMatch): Record<string, unknown> {
  if (match === "source-identity") return { StringEquals: { "aws:SourceIdentity": ids.length === 1 ? ids[0] : ids } };
  // aws:userid of a role session is "<role id>:<session name>"; a session name has no ":".
  const patterns = ids.map((id) => `*:${id}`);
  return { StringLike: { "aws:userid": patterns.length === 1 ? patterns[0] : patterns } };
}

function statement(group: Group, index: number, match: RevocationMatch): Record<string, unknown> {
  return {
    Sid: `KeylessRevoked${index + 1}`,
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { ...who([...group.identities].sort(), match), DateLessThan: { "aws:TokenIssueTime": iso(group.at) } },
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

/** The latest moment per person among the entries still in force at `now`. */
function latestPerPerson(entries: readonly RevocationEntry[], now: Date): Map<string, number> {
  const latest = new Map<string, number>();
  for (const e of entries) {
    if (e.expiresAt.getTime() <= now.getTime()) continue;
    // A later revocation of the same person covers every session an earlier one did.
    latest.set(e.sourceIdentity, Math.max(latest.get(e.sourceIdentity) ?? 0, ceilToSecond(e.revokedBefore.getTime())));
  }
  return latest;
}

/** Merges neighbouring moments, closest first, until the statements fit (or one is left). */
function compact(groups: Group[], budget: number, match: RevocationMatch): string {
  let document = documentOf(groups.map((g, i) => statement(g, i, match)));
  while (document.length > budget && groups.length > 1) {
    // The earlier group's people are revoked as of the later moment: the smallest extra
    // window of denied sessions.
    let best = 0;
    for (let i = 1; i < groups.length - 1; i++) {
      if (groups[i + 1]!.at - groups[i]!.at < groups[best + 1]!.at - groups[best]!.at) best = i;
    }
    for (const id of groups[best]!.identities) groups[best + 1]!.identities.add(id);
    groups.splice(best, 1);
    document = documentOf(groups.map((g, i) => statement(g, i, match)));
  }
  return document;
}

/**
 * The policy for the entries still in force at `now`, within `budget` characters (the
 * quota minus the role's other inline policies).
 */
export function renderRevocationPolicy(
  entries: readonly RevocationEntry[],
  now: Date,
  options: { budget?: number; match?: RevocationMatch } = {},
): RenderedPolicy {
  const budget = options.budget ?? ROLE_INLINE_POLICY_QUOTA;
  const match = options.match ?? "source-identity";
  const latest = latestPerPerson(entries, now);
  const expired = entries.filter((e) => e.expiresAt.getTime() <= now.getTime()).length;
  if (latest.size === 0) return { document: null, mode: "exact", fits: true, people: 0, expired };

  const byTime = new Map<number, Group>();
  for (const [identity, at] of latest) {
    const group = byTime.get(at) ?? { at, identities: new Set<string>() };
    group.identities.add(identity);
    byTime.set(at, group);
  }
  const groups = [...byTime.values()].sort((a, b) => a.at - b.at);
  const last = groups[groups.length - 1]!.at;
  const exact = documentOf(groups.map((g, i) => statement(g, i, match)));
  if (exact.length <= budget) return { document: exact, mode: "exact", fits: true, people: latest.size, expired };

  // Compaction cannot name fewer people than one statement holds: skip it when even that is too long.
  const everyone = documentOf([statement({ at: last, identities: new Set(latest.keys()) }, 0, match)]);
  if (everyone.length <= budget) {
    return { document: compact(groups, budget, match), mode: "compacted", fits: true, people: latest.size, expired };
  }
  const document = documentOf([roleWide(last)]);
  return { document, mode: "role-wide", fits: document.length <= budget, people: latest.size, expired };
}
