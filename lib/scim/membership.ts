import "server-only";
import { withAudit, type AlsoAudit } from "@/lib/audit/record";
import type { SystemCaller } from "@/lib/auth/caller";
import { db, type Tx } from "@/lib/db";
import { afterGroupChange, setGroupsIn, type GroupChange } from "@/lib/lifecycle/groups";

// SCIM group membership drives each member's `users.groups`, one group name at a time:
// joining a group adds its name, leaving removes it, a rename swaps it; the person's other
// groups (another SCIM group, or the OIDC groups claim) are left as they are. Each change
// goes through setGroupsIn, so leaving a group ends what only that group gave (AWS roles'
// pending requests, grants, live AWS sessions), audited per person; afterMembership then
// queues the AWS side once the transaction has committed.

export type Side = { name: string | null; members: readonly string[] };
export type MemberChange = { userId: string; change: GroupChange };

/** In the caller's transaction: every member's groups after a group went from `before` to `after`. */
export async function applyMembership(
  tx: Tx,
  also: AlsoAudit,
  caller: SystemCaller,
  before: Side,
  after: Side,
  at: Date,
): Promise<MemberChange[]> {
  const was = new Set(before.members);
  const is = new Set(after.members);
  // A fixed order: concurrent group changes lock people's rows in the same order.
  const affected = [...new Set([...was, ...is])].sort();
  const changes: MemberChange[] = [];
  for (const userId of affected) {
    const left = was.has(userId) ? before.name : null;
    const joined = is.has(userId) ? after.name : null;
    if (left === joined) continue;
    const [person] = await tx.$queryRaw<{ groups: string[] }[]>`SELECT groups FROM users WHERE id = ${userId} FOR UPDATE`;
    if (!person) continue;
    const next = person.groups.filter((g) => g !== left);
    if (joined !== null && !next.includes(joined)) next.push(joined);
    const change = await setGroupsIn(tx, also, caller, userId, next, "scim", at);
    if (change.added.length + change.removed.length > 0) changes.push({ userId, change });
  }
  return changes;
}

/** After the commit: the AWS side (revoking live sessions) of what the changes took away. */
export async function afterMembership(caller: SystemCaller, changes: readonly MemberChange[], at: Date): Promise<void> {
  for (const { userId, change } of changes) await afterGroupChange(caller, userId, change, at);
}

/** Takes a person out of every SCIM group (before the IdP's DELETE ends their access). */
export async function leaveAllGroups(caller: SystemCaller, userId: string): Promise<void> {
  if ((await db().scimGroupMember.count({ where: { userId } })) === 0) return;
  const at = new Date();
  const changes = await withAudit(caller, "scim.groups_leave", { type: "user", id: userId }, async (tx, also) => {
    // Groups first, then the person: the order every group change locks in.
    const groups = await tx.$queryRaw<{ id: string; display_name: string }[]>`
      SELECT g.id, g.display_name FROM scim_groups g JOIN scim_group_members m ON m.group_id = g.id
       WHERE m.user_id = ${userId} ORDER BY g.id FOR UPDATE OF g`;
    const all: MemberChange[] = [];
    for (const group of groups) {
      await tx.scimGroupMember.delete({ where: { groupId_userId: { groupId: group.id, userId } }, select: { userId: true } });
      const side = (members: string[]) => ({ name: group.display_name, members });
      all.push(...(await applyMembership(tx, also, caller, side([userId]), side([]), at)));
    }
    return { value: all, details: { groups: groups.map((g) => g.display_name) } };
  });
  await afterMembership(caller, changes, at);
}
