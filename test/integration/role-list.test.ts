import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { listUsableRoles } from "@/lib/credentials/role-list";
import { db } from "@/lib/db";
import { makeUser } from "./helpers";

// The roles a person may use, read in one statement (lib/credentials/role-list.ts): exactly
// those their groups map, each with the live grant that lasts longest, and who may request
// it by the most specific approval rule, against Postgres.

const tag = randomUUID().slice(0, 8);
const group = `list-${tag}`;
const made: { accounts: string[] } = { accounts: [] };

async function account(n: number) {
  const accountId = String(800_000_000_000 + Math.floor(Math.random() * 99_999_999_999));
  const a = await db().awsAccount.create({ data: { accountId, name: `List ${tag} ${n}` } });
  made.accounts.push(a.id);
  return a;
}

async function role(awsAccountId: string, accountId: string, roleName: string, groups: string[], requiresApproval = false) {
  return db().awsRole.create({
    data: { awsAccountId, roleName, roleArn: `arn:aws:iam::${accountId}:role/${roleName}-${tag}`, allowedGroups: groups, requiresApproval },
  });
}

afterAll(async () => {
  await db().awsRole.deleteMany({ where: { awsAccountId: { in: made.accounts } } });
  await db().awsAccount.deleteMany({ where: { id: { in: made.accounts } } });
});

describe("listUsableRoles", () => {
  it("lists exactly the mapped roles, with the longest live grant and the most specific rule", async () => {
    const [a, b] = [await account(1), await account(2)];
    const open = await role(a.id, a.accountId, "Open", [group, "other"]);
    const gated = await role(a.id, a.accountId, "Gated", [group], true);
    const ruled = await role(a.id, a.accountId, "Ruled", [group], true);
    const elsewhere = await role(b.id, b.accountId, "Elsewhere", [group], true);
    await role(a.id, a.accountId, "NotMine", ["someone-else"]);
    const person = await makeUser("lister", [group]);
    const hour = 3600_000;
    // A revoked grant lasting longest, an expired one, and two live: the 3-hour one is shown.
    const why = { breakGlass: true, justification: "incident" };
    await db().grant.createMany({
      data: [
        { userId: person.userId, awsRoleId: gated.id, expiresAt: new Date(Date.now() + 9 * hour), revokedAt: new Date(), ...why },
        { userId: person.userId, awsRoleId: gated.id, expiresAt: new Date(Date.now() - hour), ...why },
        { userId: person.userId, awsRoleId: gated.id, expiresAt: new Date(Date.now() + 3 * hour), ...why },
        { userId: person.userId, awsRoleId: gated.id, expiresAt: new Date(Date.now() + hour), ...why },
        { userId: person.userId, awsRoleId: open.id, expiresAt: new Date(Date.now() + 5 * hour), ...why },
      ],
    });
    const longest = await db().grant.findFirstOrThrow({ where: { awsRoleId: gated.id, revokedAt: null }, orderBy: { expiresAt: "desc" } });
    // Account a's rule names a group the person lacks; Ruled's own rule (more specific) names theirs.
    await db().approvalRule.createMany({
      data: [
        { awsAccountId: a.id, requesterGroups: ["approvers-only"], approverGroups: ["eng-managers"] },
        { awsRoleId: ruled.id, requesterGroups: [group], approverGroups: ["eng-managers"] },
      ],
    });

    const listed = await listUsableRoles(person);
    expect(listed.map((r) => `${r.accountName}/${r.roleName}`)).toEqual([
      `List ${tag} 1/Gated`,
      `List ${tag} 1/Open`,
      `List ${tag} 1/Ruled`,
      `List ${tag} 2/Elsewhere`,
    ]);
    const byName = new Map(listed.map((r) => [r.roleName, r]));
    expect(byName.get("Gated")).toMatchObject({ grant: { id: longest.id }, canRequest: false, requesterGroups: ["approvers-only"] });
    expect(byName.get("Open")).toMatchObject({ grant: null, roleArn: open.roleArn, accountId: a.accountId });
    expect(byName.get("Ruled")).toMatchObject({ grant: null, canRequest: true, requesterGroups: [] });
    // No rule of its own or its account: the seed's global rule lets anyone request.
    expect(byName.get("Elsewhere")).toMatchObject({ id: elsewhere.id, canRequest: true });
    expect(await listUsableRoles(await makeUser("nobody", [`none-${tag}`]))).toEqual([]);
  });
});
