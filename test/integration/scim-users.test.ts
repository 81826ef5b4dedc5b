import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env, resetEnvForTests } from "@/lib/env";
import { endAccess } from "@/lib/lifecycle/end-access";
import { makeUser } from "./helpers";
import { entraUser, oktaUser, patchOp, scim, USER_SCHEMA } from "./scim-client";

// SCIM Users as Okta and Entra ID send them, against the real route handlers and Postgres.

const email = (name: string) => `${name}-${randomUUID().slice(0, 8)}@scim.example.com`;
const person = (id: string) =>
  db().user.findUniqueOrThrow({
    where: { id },
    select: { email: true, name: true, status: true, suspendedBy: true, source: true, externalId: true, scimProfile: true, groups: true },
  });

async function created(body: Record<string, unknown>): Promise<string> {
  const answer = await scim("POST", "/Users", body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return String(answer.body.id);
}

/** A browser session and a pending device sign-in: what deactivation must end. */
async function signedIn(userId: string) {
  await db().session.create({ data: { sessionToken: randomUUID(), userId, expires: new Date(Date.now() + 3600_000) } });
}

describe("SCIM Users, as Okta sends them", () => {
  it("creates a person from Okta's POST: userName is the lower-cased email, the password is never kept", async () => {
    const address = email("Ada.Lovelace");
    const body = oktaUser(address.replace("ada", "Ada"));
    const answer = await scim("POST", "/Users", body);
    expect(answer.status).toBe(201);
    expect(answer.headers.get("content-type")).toBe("application/scim+json");
    expect(answer.headers.get("location")).toBe(`${env().AUTH_URL}/scim/v2/Users/${String(answer.body.id)}`);
    expect(answer.body).toMatchObject({
      schemas: [USER_SCHEMA],
      userName: address.toLowerCase(),
      active: true,
      externalId: body.externalId,
      name: { givenName: "Ada", familyName: "Lovelace" },
      groups: [],
      meta: { resourceType: "User", location: answer.headers.get("location") },
    });
    expect(answer.body).not.toHaveProperty("password");
    const row = await person(String(answer.body.id));
    expect(row).toMatchObject({
      email: address.toLowerCase(),
      name: "Ada Lovelace",
      status: "active",
      source: "scim",
      externalId: body.externalId,
    });
    expect(JSON.stringify(row.scimProfile)).not.toContain("Okta-Sends-This");
    const audit = await db().auditEvent.findFirst({ where: { action: "person.provision", targetId: String(answer.body.id) } });
    expect(audit).toMatchObject({ actorEmail: "system:scim", outcome: "success", ip: "198.51.100.7" });
  });

  it("finds people by userName (any case) and externalId, and pages through everyone", async () => {
    const address = email("finder");
    const body = oktaUser(address);
    const id = await created(body);
    const byName = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${address.toUpperCase()}"`)}`);
    expect(byName.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [{ id, userName: address }] });
    const byExternalId = await scim("GET", `/Users?filter=${encodeURIComponent(`externalId eq "${body.externalId}"`)}`);
    expect(byExternalId.body.Resources?.map((r) => r.id)).toEqual([id]);
    const nobody = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "nobody@nowhere.example"')}`);
    expect(nobody.body).toMatchObject({ totalResults: 0, Resources: [] });

    await created(oktaUser(email("finder2")));
    const all = await scim("GET", "/Users?startIndex=1&count=3");
    expect(all.body.itemsPerPage).toBe(3);
    expect(Number(all.body.totalResults)).toBeGreaterThanOrEqual(3);
    const second = await scim("GET", "/Users?startIndex=2&count=1");
    expect(second.body).toMatchObject({ startIndex: 2, itemsPerPage: 1 });
    expect(second.body.Resources?.[0]?.id).toBe(all.body.Resources?.[1]?.id);
    expect((await scim("GET", "/Users?count=0")).body).toMatchObject({ itemsPerPage: 0, Resources: [] });
  });

  it("adopts someone who signed in by SSO before SCIM: found by the filter, linked, never duplicated", async () => {
    const early = await makeUser("early-bird", ["engineering"]);
    const found = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${early.email}"`)}`);
    expect(found.body.Resources?.map((r) => r.id)).toEqual([early.userId]);
    const patched = await scim(
      "PATCH",
      `/Users/${early.userId}`,
      patchOp({ op: "replace", value: { externalId: "00u-early", displayName: "Early Bird" } }),
    );
    expect(patched.status).toBe(200);
    expect(await person(early.userId)).toMatchObject({
      source: "scim",
      externalId: "00u-early",
      name: "Early Bird",
      groups: ["engineering"],
    });

    // An IdP that POSTs without looking first gets the same person back.
    const other = await makeUser("other-early", []);
    const posted = await scim("POST", "/Users", oktaUser(other.email));
    expect(posted.status).toBe(201);
    expect(posted.body.id).toBe(other.userId);
    expect(await db().user.count({ where: { email: other.email } })).toBe(1);
    expect((await person(other.userId)).source).toBe("scim");
  });

  it("Okta's PATCH active:false ends the person's access; active:true restores it", async () => {
    const alice = await makeUser("okta-deactivated", ["engineering"]);
    await signedIn(alice.userId);
    const off = await scim("PATCH", `/Users/${alice.userId}`, patchOp({ op: "replace", value: { active: false } }));
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(await person(alice.userId)).toMatchObject({ status: "suspended", suspendedBy: "scim" });
    expect(await db().session.count({ where: { userId: alice.userId } })).toBe(0);
    expect(await db().auditEvent.count({ where: { action: "person.deactivate", targetId: alice.userId } })).toBe(1);

    const on = await scim("PATCH", `/Users/${alice.userId}`, patchOp({ op: "replace", value: { active: true } }));
    expect(on.body.active).toBe(true);
    expect(await person(alice.userId)).toMatchObject({ status: "active", suspendedBy: null });
  });

  it("an administrator's suspension holds against active:true, and the answer says so", async () => {
    const bob = await makeUser("admin-suspended", ["engineering"]);
    const admin = await makeUser("the-admin", ["aws-admins"]);
    await endAccess(admin, bob.userId, { by: "admin", reason: "left the building" });
    const answer = await scim("PATCH", `/Users/${bob.userId}`, patchOp({ op: "replace", value: { active: true } }));
    expect(answer.status).toBe(200);
    expect(answer.body.active).toBe(false);
    expect(await person(bob.userId)).toMatchObject({ status: "suspended", suspendedBy: "admin" });
  });

  it("PUT replaces the profile and keeps one row per person", async () => {
    const address = email("replaced");
    const body = oktaUser(address);
    const id = await created(body);
    const put = await scim("PUT", `/Users/${id}`, {
      ...body,
      name: { givenName: "Re", familyName: "Placed" },
      displayName: "Re Placed",
      title: "CTO",
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id, displayName: "Re Placed", title: "CTO", name: { givenName: "Re", familyName: "Placed" } });
    expect((await person(id)).name).toBe("Re Placed");
  });
});

describe("SCIM Users, as Entra ID sends them", () => {
  it("creates with the enterprise extension and patches the way Entra does", async () => {
    const address = email("entra");
    const id = await created(entraUser(address));
    const ops = patchOp(
      { op: "Replace", path: 'emails[type eq "work"].value', value: `work-${address}` },
      { op: "Replace", path: "name.givenName", value: "Entrada" },
      { op: "Replace", path: "displayName", value: "Entrada Person" },
      { op: "Replace", path: "externalId", value: "entra-object-id" },
      { op: "Add", path: 'phoneNumbers[type eq "work"].value', value: "+1 555 0100" },
      { op: "Replace", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "Platform" },
    );
    const answer = await scim("PATCH", `/Users/${id}`, ops);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      userName: address,
      externalId: "entra-object-id",
      displayName: "Entrada Person",
      name: { givenName: "Entrada", familyName: "Person" },
      emails: [{ type: "work", value: `work-${address}` }],
      phoneNumbers: [{ type: "work", value: "+1 555 0100" }],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Platform", employeeNumber: "1234" },
    });
    expect(await person(id)).toMatchObject({ name: "Entrada Person", externalId: "entra-object-id" });
  });

  it('understands "False" and "True" as Entra sends active, and ends access', async () => {
    const carol = await makeUser("entra-deactivated", ["engineering"]);
    await signedIn(carol.userId);
    const off = await scim("PATCH", `/Users/${carol.userId}`, patchOp({ op: "Replace", path: "active", value: "False" }));
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(await db().session.count({ where: { userId: carol.userId } })).toBe(0);
    const on = await scim("PATCH", `/Users/${carol.userId}`, patchOp({ op: "Replace", path: "active", value: "True" }));
    expect(on.body.active).toBe(true);
  });
});

describe("deprovisioning and uniqueness", () => {
  it("DELETE deprovisions: the User is gone for SCIM, the row and its history stay, and a new POST brings the person back", async () => {
    const dave = await makeUser("deleted", ["engineering"]);
    await signedIn(dave.userId);
    expect((await scim("DELETE", `/Users/${dave.userId}`)).status).toBe(204);
    expect((await scim("GET", `/Users/${dave.userId}`)).status).toBe(404);
    expect((await scim("PATCH", `/Users/${dave.userId}`, patchOp({ op: "replace", value: { active: true } }))).status).toBe(404);
    expect((await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${dave.email}"`)}`)).body.totalResults).toBe(0);
    expect(await person(dave.userId)).toMatchObject({ status: "deprovisioned", suspendedBy: "scim" });
    expect(await db().session.count({ where: { userId: dave.userId } })).toBe(0);
    expect(await db().auditEvent.count({ where: { action: "person.deprovision", targetId: dave.userId } })).toBe(1);
    expect((await scim("DELETE", `/Users/${dave.userId}`)).status).toBe(404);

    const back = await scim("POST", "/Users", oktaUser(dave.email));
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ id: dave.userId, active: true });
    expect((await person(dave.userId)).status).toBe("active");
  });

  it("refuses a second User with the same userName or externalId with 409 uniqueness", async () => {
    const first = oktaUser(email("unique"));
    const id = await created(first);
    const again = await scim("POST", "/Users", oktaUser(first.userName.toUpperCase()));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "409", scimType: "uniqueness" });
    const sameExternalId = await scim("POST", "/Users", oktaUser(email("unique2"), { externalId: first.externalId }));
    expect(sameExternalId.status).toBe(409);
    const otherId = await created(oktaUser(email("unique3")));
    const rename = await scim("PATCH", `/Users/${otherId}`, patchOp({ op: "replace", path: "userName", value: first.userName }));
    expect(rename.body).toMatchObject({ status: "409", scimType: "uniqueness" });
    expect(await db().user.count({ where: { email: first.userName } })).toBe(1);
    expect((await person(id)).email).toBe(first.userName);
  });
});

describe("refusals", () => {
  afterEach(() => resetEnvForTests());

  it("answers bad input with SCIM errors, never a 500, and changes nothing", async () => {
    const id = await created(oktaUser(email("refusals")));
    const before = JSON.stringify(await person(id));
    const cases: [Promise<Awaited<ReturnType<typeof scim>>>, number, string | undefined][] = [
      [scim("POST", "/Users", undefined, { raw: "{not json" }), 400, "invalidSyntax"],
      [scim("POST", "/Users", { userName: "no-at-sign" }), 400, "invalidValue"],
      [scim("POST", "/Users", { userName: email("x"), favouriteColour: "blue" }), 400, "invalidSyntax"],
      [scim("POST", "/Users", { userName: email("x") }, { contentType: "text/plain" }), 415, undefined],
      [scim("PATCH", `/Users/${id}`, patchOp({ op: "move", path: "active", value: false })), 400, "invalidSyntax"],
      [scim("PATCH", `/Users/${id}`, patchOp({ op: "replace", path: "favouriteColour", value: "x" })), 400, "invalidPath"],
      [scim("PATCH", `/Users/${id}`, patchOp({ op: "replace", path: "active", value: { nested: true } })), 400, "invalidValue"],
      [scim("PATCH", `/Users/${id}`, patchOp({ op: "add", path: "groups", value: [{ value: "x" }] })), 400, "mutability"],
      [scim("PATCH", `/Users/${id}`, { Operations: [{ op: "replace", value: { active: false } }] }), 400, "invalidSyntax"],
      [scim("GET", `/Users?filter=${encodeURIComponent('userName eq "x" or userName pr')}`), 400, "invalidFilter"],
      [scim("GET", `/Users?filter=${encodeURIComponent('title co "x"')}`), 400, "invalidFilter"],
      [scim("GET", "/Users?startIndex=abc"), 400, "invalidValue"],
      [scim("GET", "/Users/not%20an%20id"), 404, undefined],
    ];
    for (const [call, status, scimType] of cases) {
      const answer = await call;
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      expect(answer.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status) });
      expect(answer.body.scimType).toBe(scimType);
    }
    expect(JSON.stringify(await person(id))).toBe(before);
  });

  it("refuses a missing or wrong token with 401 (audited), and is off (404) without a configured token", async () => {
    const missing = await scim("GET", "/Users", undefined, { token: null, ip: "203.0.113.9" });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const wrong = await scim("GET", "/Users", undefined, { token: `${process.env.KEYLESS_SCIM_TOKEN ?? ""}x`, ip: "203.0.113.9" });
    expect(wrong.status).toBe(401);
    const audited = await db().auditEvent.findMany({
      where: { action: "scim.auth_denied", ip: "203.0.113.9" },
      orderBy: { id: "desc" },
      take: 2,
    });
    expect(audited.map((a) => (a.details as { reason: string }).reason).sort()).toEqual(["no Authorization header", "wrong token"]);

    const saved = process.env.KEYLESS_SCIM_TOKEN;
    delete process.env.KEYLESS_SCIM_TOKEN;
    resetEnvForTests();
    try {
      expect((await scim("GET", "/ServiceProviderConfig", undefined, { token: saved })).status).toBe(404);
    } finally {
      process.env.KEYLESS_SCIM_TOKEN = saved;
    }
  });

  it("audits at most ten refusals a minute from one address", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 200) + 20}`;
    for (let i = 0; i < 25; i++)
      expect((await scim("GET", "/Users", undefined, { token: "wrong-token-wrong-token", ip })).status).toBe(401);
    // Ten, and one saying the rest are not recorded (a minute boundary in between may let a couple more through).
    const audited = await db().auditEvent.count({ where: { action: "scim.auth_denied", ip } });
    expect(audited).toBeGreaterThanOrEqual(11);
    expect(audited).toBeLessThanOrEqual(13);
  });
});
