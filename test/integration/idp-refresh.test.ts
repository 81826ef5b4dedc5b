import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { refreshDueIdentities, sealRefreshToken } from "@/lib/lifecycle/identity-refresh";
import { idpAdmin, loginAnswer, signInAtIdp } from "./idp-client";

// The sandbox IdP behaves like Okta for Keyless's re-read of groups between sign-ins
// (lib/lifecycle/identity-refresh.ts): a real refresh-token grant against the bundled IdP
// returns the groups the user has now, and fails with invalid_grant once the user is
// deactivated at the IdP, which ends the person's access in Keyless.

/** A Keyless person holding the IdP's refresh token, due for a re-read, with a live browser session. */
async function keylessPerson(email: string, sub: string, refreshToken: string, groups: string[]) {
  const user = await db().user.create({ data: { email, name: "Refresh Tester", groups, lastSignInAt: new Date() }, select: { id: true } });
  await db().account.create({
    data: {
      userId: user.id,
      type: "oidc",
      provider: "oidc",
      providerAccountId: sub,
      refreshTokenEncrypted: sealRefreshToken(refreshToken, user.id),
    },
  });
  await db().session.create({ data: { sessionToken: randomUUID(), userId: user.id, expires: new Date(Date.now() + 3600_000) } });
  return user.id;
}

const due = (id: string) => db().user.update({ where: { id }, data: { groupsCheckDueAt: new Date(Date.now() - 1000) } });
const state = (id: string) =>
  db().user.findUniqueOrThrow({ where: { id }, select: { groups: true, status: true, suspendedBy: true, groupsCheckDueAt: true } });

describe("the sandbox IdP's refresh tokens, with Keyless's identity refresh", () => {
  it("returns the current groups on refresh, and refuses (invalid_grant) once the user is deactivated", async () => {
    const email = `refresh-${randomUUID().slice(0, 8)}@example.com`;
    const { user } = await idpAdmin("/users", { email, name: "Refresh Tester", groups: ["team-a"] });
    const tokens = await signInAtIdp(email);
    expect(tokens.refresh_token, "the IdP issues Keyless a refresh token").toEqual(expect.any(String));
    const id = await keylessPerson(email, user.sub, tokens.refresh_token!, ["team-a"]);

    // Moved to another team at the IdP: the next re-read brings it to Keyless.
    await idpAdmin(`/users/${user.sub}`, { groups: ["team-b"] });
    await due(id);
    const changed = await refreshDueIdentities();
    expect(changed.changed).toBeGreaterThanOrEqual(1);
    expect(await state(id)).toMatchObject({ groups: ["team-b"], status: "active" });
    expect((await state(id)).groupsCheckDueAt!.getTime()).toBeGreaterThan(Date.now());

    // Deactivated at the IdP: the refresh is refused and Keyless ends the person's access.
    const deactivated = await idpAdmin(`/users/${user.sub}`, { active: false });
    expect(deactivated.user.active).toBe(false);
    await due(id);
    const refused = await refreshDueIdentities();
    expect(refused.refused).toBeGreaterThanOrEqual(1);
    expect(await state(id)).toMatchObject({ status: "suspended", suspendedBy: "idp" });
    expect(await db().session.count({ where: { userId: id } })).toBe(0);
    const login = await loginAnswer(email);
    expect(login.status).toBe(403);
    expect(login.text).toContain("This account is deactivated");

    // Reactivated: the IdP lets the user sign in again and issues a working refresh token.
    await idpAdmin(`/users/${user.sub}`, { active: true });
    expect((await signInAtIdp(email)).refresh_token).toEqual(expect.any(String));
  });
});
