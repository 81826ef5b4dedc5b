import "server-only";
import { withAudit, type AlsoAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { groupsFromClaim } from "@/lib/auth/roles";
import type { Tx } from "@/lib/db";
import { recordAwsRevocations, type RevokedRole } from "@/lib/lifecycle/aws-revocations";
import { actorName } from "@/lib/lifecycle/end-access";
import { scheduleAwsRevocation } from "@/lib/lifecycle/revocation-schedule";

// A person's groups as the IdP says now (sign-in, the periodic re-read, or SCIM). Roles are
// derived from groups on every request, so the new groups apply at the next request,
// whatever carries it (browser, CLI token, Slack). What only the removed groups gave is
// taken away as well: pending requests and grants for AWS roles they may no longer use are
// ended, and their live sessions on those roles are revoked. Other access is untouched.

export type GroupSource = "sign-in" | "refresh" | "scim";

export type GroupChange = { added: string[]; removed: string[]; lostRoles: string[]; awsRoles: RevokedRole[] };

const NO_CHANGE: GroupChange = { added: [], removed: [], lostRoles: [], awsRoles: [] };

/** Sets the groups and ends what the removed ones gave, in the caller's transaction. */
export async function setGroupsIn(
  tx: Tx,
  also: AlsoAudit,
  actor: Caller,
  userId: string,
  groups: readonly string[],
  source: GroupSource,
  at: Date,
): Promise<GroupChange> {
  const next = [...new Set(groupsFromClaim([...groups]))].sort();
  const [person] = await tx.$queryRaw<
    { email: string; groups: string[] }[]
  >`SELECT email, groups FROM users WHERE id = ${userId} FOR UPDATE`;
  if (!person) return NO_CHANGE;
  const added = next.filter((g) => !person.groups.includes(g));
  const removed = person.groups.filter((g) => !next.includes(g));
  await tx.user.update({ where: { id: userId }, data: { groups: next, groupsCheckedAt: at }, select: { id: true } });
  if (added.length === 0 && removed.length === 0) return NO_CHANGE;

  // AWS roles mapped to a removed group and to none of the remaining ones.
  const lost =
    removed.length === 0
      ? []
      : await tx.awsRole.findMany({
          where: { allowedGroups: { hasSome: removed }, NOT: { allowedGroups: { hasSome: next } } },
          select: { id: true, roleArn: true },
        });
  const lostIds = lost.map((r) => r.id);
  const reason = `no longer in ${removed.join(", ")}`;
  let requestsCancelled = 0;
  let grantsRevoked = 0;
  let awsRoles: RevokedRole[] = [];
  if (lost.length > 0) {
    requestsCancelled = (
      await tx.accessRequest.updateMany({
        where: { requesterId: userId, status: "PENDING", awsRoleId: { in: lostIds } },
        data: { status: "CANCELLED", decisionComment: `Cancelled by Keyless: the requester is ${reason}.` },
      })
    ).count;
    grantsRevoked = (
      await tx.grant.updateMany({
        where: { userId, awsRoleId: { in: lostIds }, revokedAt: null, expiresAt: { gt: at } },
        data: { revokedAt: at },
      })
    ).count;
    awsRoles = await recordAwsRevocations(tx, { userId, at, roleArns: lost.map((r) => r.roleArn), reason, requestedBy: actorName(actor) });
  }
  await also({
    action: "person.groups_change",
    outcome: "success",
    target: { type: "user", id: userId },
    details: {
      email: person.email,
      source,
      added,
      removed,
      lostRoles: lost.map((r) => r.roleArn),
      requestsCancelled,
      grantsRevoked,
      awsRolesRevoked: awsRoles.map((r) => r.roleArn),
    },
  });
  return { added, removed, lostRoles: lost.map((r) => r.roleArn), awsRoles };
}

/**
 * After the transaction commits: the AWS side of what the change revoked, for every role
 * lost (a session on one may have been in flight while the groups changed).
 */
export async function afterGroupChange(actor: Caller, userId: string, change: GroupChange, at: Date): Promise<void> {
  if (change.lostRoles.length === 0) return;
  await scheduleAwsRevocation({
    userId,
    at,
    reason: `no longer in ${change.removed.join(", ")}`,
    requestedBy: actorName(actor),
    roleArns: change.lostRoles,
  });
}

/** Sets the groups in a transaction of its own (sign-in, the periodic re-read). */
export async function setGroups(actor: Caller, userId: string, groups: readonly string[], source: GroupSource): Promise<GroupChange> {
  const at = new Date();
  // setGroupsIn writes the entry (through `also`) only when the groups changed.
  const change = await withAudit(actor, "person.groups_change", { type: "user", id: userId }, async (tx, also) => ({
    value: await setGroupsIn(tx, also, actor, userId, groups, source, at),
    unchanged: true,
  }));
  await afterGroupChange(actor, userId, change, at);
  return change;
}
