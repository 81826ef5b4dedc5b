import { expect, test } from "@playwright/test";
import { query } from "./support/db";
import { as, cliSession, pendingRequest } from "./support/fixtures";
import { api, send } from "./support/http";

// Tokens that outlive what they were issued for (issue 11), as an attacker holding one would
// try them: a CLI token kept after its person left a group, and one whose person's groups
// nobody has confirmed for longer than a browser session lasts. (Session sliding:
// sessions.spec.ts; SCIM tokens and bodies: scim.spec.ts; access ended: the People rows of
// the access matrix.)

const TOKEN = process.env.KEYLESS_SCIM_TOKEN ?? "";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

function scim(method: string, path: string, body?: unknown) {
  return send({
    method,
    path: `/scim/v2${path}`,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function scimIds(email: string, group: string): Promise<{ user: string; group: string }> {
  const users = JSON.parse((await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`)).text) as {
    Resources: { id: string }[];
  };
  const groups = JSON.parse((await scim("GET", `/Groups?filter=${encodeURIComponent(`displayName eq "${group}"`)}`)).text) as {
    Resources: { id: string }[];
  };
  return { user: users.Resources[0]!.id, group: groups.Resources[0]!.id };
}

test("a CLI token kept after its person left the manager group decides nothing, at once", async () => {
  const mona = await cliSession("mona");
  const bearer = { bearer: mona.access_token };
  const request = await pendingRequest("alice");
  const ids = await scimIds("mona@example.com", "eng-managers");
  const membership = (op: "add" | "remove") =>
    scim("PATCH", `/Groups/${ids.group}`, {
      schemas: [PATCH_OP],
      Operations:
        op === "add" ? [{ op, path: "members", value: [{ value: ids.user }] }] : [{ op, path: `members[value eq "${ids.user}"]` }],
    });
  try {
    expect((await api(bearer, "GET", "/api/v1/me")).text).toContain('"manager"');
    expect((await membership("remove")).status).toBe(204);
    // The very next call with the same token carries the new groups.
    const me = JSON.parse((await api(bearer, "GET", "/api/v1/me")).text) as { roles: string[]; groups: string[] };
    expect(me).toMatchObject({ roles: ["engineer"], groups: ["engineering"] });
    const approve = await api(bearer, "POST", `/api/v1/access-requests/${request}/approve`, { comment: "stale token" });
    expect(approve.status).toBe(403);
    const [row] = await query<{ status: string }>("SELECT status::text FROM access_requests WHERE id = $1", [request]);
    expect(row?.status).toBe("PENDING");
    // The browser session too: roles come from the groups on every request.
    expect((await api(as("mona"), "POST", `/api/v1/access-requests/${request}/approve`, { comment: "stale cookie" })).status).toBe(403);
  } finally {
    expect((await membership("add")).status).toBe(204);
  }
  expect((await api(bearer, "GET", "/api/v1/me")).text).toContain('"manager"');
});

test("a CLI token whose person's groups nobody confirmed for longer than a session lasts is refused, and so is its refresh", async () => {
  const alice = await cliSession("alice");
  const [before] = await query<{ source: string; checked: Date | null; due: Date | null }>(
    "SELECT source::text, groups_checked_at AS checked, groups_check_due_at AS due FROM users WHERE email = 'alice@example.com'",
  );
  // As it is 13 hours after her last sign-in, with no SCIM and no refresh token to re-read her groups.
  await query(
    "UPDATE users SET source = 'sso', groups_checked_at = now() - interval '13 hours', groups_check_due_at = NULL WHERE email = 'alice@example.com'",
  );
  try {
    const me = await api({ bearer: alice.access_token }, "GET", "/api/v1/me");
    expect(me.status).toBe(401);
    expect(me.text).toContain("has not confirmed your groups recently");
    const credentials = await api({ bearer: alice.access_token }, "POST", "/api/v1/credentials", { roleId: "any" });
    expect(credentials.status).toBe(401);
    const refresh = await api({}, "POST", "/api/v1/device/token", { grant_type: "refresh_token", refresh_token: alice.refresh_token });
    expect(refresh.status).toBe(400);
    expect(JSON.parse(refresh.text)).toMatchObject({ error: "invalid_grant" });
  } finally {
    await query(
      "UPDATE users SET source = $1::\"IdentitySource\", groups_checked_at = $2, groups_check_due_at = $3 WHERE email = 'alice@example.com'",
      [before!.source, before!.checked, before!.due],
    );
  }
  expect((await api({ bearer: alice.access_token }, "GET", "/api/v1/me")).status).toBe(200);
});
