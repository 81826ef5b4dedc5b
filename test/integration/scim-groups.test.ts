import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeUser } from "./helpers";
import { GROUP_SCHEMA, patchOp, scim } from "./scim-client";

// SCIM Groups drive people's groups: joining adds the group's name to users.groups, leaving
// removes only that name, and leaving takes away what only that group gave.

const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;
const groupsOf = async (userId: string) => (await db().user.findUniqueOrThrow({ where: { id: userId }, select: { groups: true } })).groups;

async function createGroup(displayName: string, members: string[]): Promise<string> {
  const answer = await scim("POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName, members: members.map((value) => ({ value })) });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return String(answer.body.id);
}

/** An AWS role that only `group` may use, and a pending request and a live grant on it for `userId`. */
async function accessOnlyFrom(group: string, userId: string) {
  const account = await db().awsAccount.findFirstOrThrow({ where: { accountId: "111111111111" }, select: { id: true } });
  const role = await db().awsRole.create({
    data: {
      awsAccountId: account.id,
      roleName: unique("ScimOnly"),
      roleArn: `arn:aws:iam::111111111111:role/${unique("ScimOnly")}`,
      requiresApproval: true,
      allowedGroups: [group],
    },
    select: { id: true },
  });
  const expiresAt = new Date(Date.now() + 3600_000);
  const pending = await db().accessRequest.create({
    data: { kind: "ROLE_ACCESS", requesterId: userId, justification: "on call", expiresAt, awsRoleId: role.id, durationSeconds: 3600 },
    select: { id: true },
  });
  const approved = await db().accessRequest.create({
    data: {
      kind: "ROLE_ACCESS",
      status: "APPROVED",
      requesterId: userId,
      justification: "incident",
      expiresAt,
      awsRoleId: role.id,
      durationSeconds: 3600,
    },
    select: { id: true },
  });
  const grant = await db().grant.create({ data: { userId, awsRoleId: role.id, requestId: approved.id, expiresAt }, select: { id: true } });
  return {
    pending: async () => (await db().accessRequest.findUniqueOrThrow({ where: { id: pending.id } })).status,
    grantRevoked: async () => (await db().grant.findUniqueOrThrow({ where: { id: grant.id } })).revokedAt !== null,
  };
}

describe("SCIM Groups, as Okta pushes them", () => {
  it("creates a group with members, adds and removes members, and each person keeps their other groups", async () => {
    const alice = await makeUser("alice", ["from-the-oidc-claim"]);
    const bob = await makeUser("bob", []);
    const name = unique("okta-eng");
    const id = await createGroup(name, [alice.userId]);
    expect(await groupsOf(alice.userId)).toEqual(["from-the-oidc-claim", name].sort());

    const add = await scim(
      "PATCH",
      `/Groups/${id}`,
      patchOp({ op: "add", path: "members", value: [{ value: bob.userId, display: bob.email }] }),
    );
    expect(add.status).toBe(204);
    expect(await groupsOf(bob.userId)).toEqual([name]);

    const read = await scim("GET", `/Groups/${id}`);
    expect(read.body).toMatchObject({ schemas: [GROUP_SCHEMA], id, displayName: name, meta: { resourceType: "Group" } });
    expect((read.body.members as { value: string }[]).map((m) => m.value).sort()).toEqual([alice.userId, bob.userId].sort());
    const user = await scim("GET", `/Users/${alice.userId}`);
    expect(user.body.groups).toEqual([expect.objectContaining({ value: id, display: name })]);

    const remove = await scim("PATCH", `/Groups/${id}`, patchOp({ op: "remove", path: `members[value eq "${alice.userId}"]` }));
    expect(remove.status).toBe(204);
    expect(await groupsOf(alice.userId)).toEqual(["from-the-oidc-claim"]);
    expect(await groupsOf(bob.userId)).toEqual([name]);
    const audit = await db().auditEvent.findFirst({
      where: { action: "person.groups_change", targetId: alice.userId },
      orderBy: { id: "desc" },
    });
    expect(audit?.details).toMatchObject({ source: "scim", removed: [name] });
  });

  it("removing someone from a group ends the pending request and grant that only that group gave", async () => {
    const carol = await makeUser("carol", ["engineering"]);
    const name = unique("break-glass");
    const id = await createGroup(name, [carol.userId]);
    const access = await accessOnlyFrom(name, carol.userId);
    expect(await access.pending()).toBe("PENDING");

    await scim("PATCH", `/Groups/${id}`, patchOp({ op: "remove", path: `members[value eq "${carol.userId}"]` }));
    expect(await access.pending()).toBe("CANCELLED");
    expect(await access.grantRevoked()).toBe(true);
    expect(await groupsOf(carol.userId)).toEqual(["engineering"]);
  });

  it("a rename changes every member's groups; PUT sets the members; DELETE takes the name from everyone", async () => {
    const dan = await makeUser("dan", ["engineering"]);
    const erin = await makeUser("erin", []);
    const old = unique("platfrom");
    const id = await createGroup(old, [dan.userId, erin.userId]);
    const renamed = unique("platform");
    expect((await scim("PATCH", `/Groups/${id}`, patchOp({ op: "replace", value: { id, displayName: renamed } }))).status).toBe(204);
    expect(await groupsOf(dan.userId)).toEqual(["engineering", renamed].sort());
    expect(await groupsOf(erin.userId)).toEqual([renamed]);

    const put = await scim("PUT", `/Groups/${id}`, { schemas: [GROUP_SCHEMA], displayName: renamed, members: [{ value: erin.userId }] });
    expect(put.status).toBe(200);
    expect(await groupsOf(dan.userId)).toEqual(["engineering"]);

    expect((await scim("DELETE", `/Groups/${id}`)).status).toBe(204);
    expect(await groupsOf(erin.userId)).toEqual([]);
    expect((await scim("GET", `/Groups/${id}`)).status).toBe(404);
    expect(await db().auditEvent.count({ where: { action: "scim.group_delete", targetId: id } })).toBe(1);
  });
});

describe("SCIM Groups, as Entra ID pushes them", () => {
  it("adds and removes members with Add/Remove and a value list, and renames with Replace", async () => {
    const frank = await makeUser("frank", []);
    const grace = await makeUser("grace", []);
    const name = unique("entra-sre");
    const id = await createGroup(name, []);
    const add = await scim(
      "PATCH",
      `/Groups/${id}`,
      patchOp({ op: "Add", path: "members", value: [{ value: frank.userId }, { value: grace.userId }] }),
    );
    expect(add.status).toBe(204);
    expect(await groupsOf(frank.userId)).toEqual([name]);
    await scim("PATCH", `/Groups/${id}`, patchOp({ op: "Remove", path: "members", value: [{ value: frank.userId }] }));
    expect(await groupsOf(frank.userId)).toEqual([]);
    expect(await groupsOf(grace.userId)).toEqual([name]);
    const renamed = unique("entra-sre-team");
    await scim("PATCH", `/Groups/${id}`, patchOp({ op: "Replace", path: "displayName", value: renamed }));
    expect(await groupsOf(grace.userId)).toEqual([renamed]);

    // Entra checks a membership with a filter, without reading every member.
    const filter = encodeURIComponent(`id eq "${id}" and members[value eq "${grace.userId}"]`);
    const check = await scim("GET", `/Groups?filter=${filter}&excludedAttributes=members`);
    expect(check.body).toMatchObject({ totalResults: 1, Resources: [{ id, displayName: renamed }] });
    expect(check.body.Resources?.[0]).not.toHaveProperty("members");
    const notMember = encodeURIComponent(`id eq "${id}" and members[value eq "${frank.userId}"]`);
    expect((await scim("GET", `/Groups?filter=${notMember}`)).body.totalResults).toBe(0);
    const byName = await scim("GET", `/Groups?filter=${encodeURIComponent(`displayName eq "${renamed.toUpperCase()}"`)}`);
    expect(byName.body.Resources?.map((g) => g.id)).toEqual([id]);
  });
});

describe("group refusals", () => {
  it("refuses duplicate names (409), unknown members, and values that would widen a removal, changing nothing", async () => {
    const henry = await makeUser("henry", []);
    const ivy = await makeUser("ivy", []);
    const name = unique("unique-group");
    const id = await createGroup(name, [henry.userId, ivy.userId]);
    const duplicate = await scim("POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: name.toUpperCase() });
    expect(duplicate.body).toMatchObject({ status: "409", scimType: "uniqueness" });
    const unknown = await scim("PATCH", `/Groups/${id}`, patchOp({ op: "add", path: "members", value: [{ value: "no-such-person" }] }));
    expect(unknown.body).toMatchObject({ status: "400", scimType: "invalidValue" });
    const injection = await scim(
      "PATCH",
      `/Groups/${id}`,
      patchOp({ op: "Remove", path: "members", value: [{ value: 'x" or value pr or value eq "y' }] }),
    );
    expect(injection.body).toMatchObject({ status: "400", scimType: "invalidValue" });
    const badPath = await scim("PATCH", `/Groups/${id}`, patchOp({ op: "remove", path: 'members[value eq "x" or ]' }));
    expect(badPath.status).toBe(400);
    const nested = await scim(
      "PATCH",
      `/Groups/${id}`,
      patchOp({ op: "add", path: "members", value: [{ value: henry.userId, type: "Group" }] }),
    );
    expect(nested.status).toBe(400);
    expect(await groupsOf(henry.userId)).toEqual([name]);
    expect(await groupsOf(ivy.userId)).toEqual([name]);
    expect((await scim("GET", "/Groups/not-a-uuid")).status).toBe(404);
  });
});

describe("discovery", () => {
  it("describes the service, its resource types and schemas", async () => {
    const config = await scim("GET", "/ServiceProviderConfig");
    expect(config.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 200 },
      bulk: { supported: false },
    });
    expect(JSON.stringify(config.body.authenticationSchemes)).toContain("oauthbearertoken");
    const types = await scim("GET", "/ResourceTypes");
    expect(types.body.Resources?.map((r) => r.name).sort()).toEqual(["Group", "User"]);
    expect((await scim("GET", "/ResourceTypes/User")).body).toMatchObject({
      endpoint: "/Users",
      schema: "urn:ietf:params:scim:schemas:core:2.0:User",
    });
    const schemaIds = (await scim("GET", "/Schemas")).body.Resources?.map((r) => r.id);
    expect(schemaIds).toEqual(expect.arrayContaining([GROUP_SCHEMA, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]));
    expect((await scim("GET", `/Schemas/${GROUP_SCHEMA}`)).body.id).toBe(GROUP_SCHEMA);
    expect((await scim("GET", "/Schemas/urn:nope")).status).toBe(404);
    expect((await scim("GET", "/Bulk")).status).toBe(404);
    expect((await scim("POST", "/ServiceProviderConfig", {})).status).toBe(405);
  });
});
