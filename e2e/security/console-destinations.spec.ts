import { expect, test } from "@playwright/test";
import { findAction, callAction } from "./support/actions";
import { query, roleIdByName, userIdByEmail } from "./support/db";
import { as } from "./support/fixtures";
import { api, json, type Answer } from "./support/http";

// An attacker's tries at turning Keyless's console link into an open redirect: a sign-in
// link that carries a fresh token to a page of their choosing. Every hostile destination
// is refused with a problem naming the field, before any credentials are vended (no audit
// entry, nothing asked of the federation endpoint). Also: the sign-in token exchange never
// puts credentials in a URL, and console favourites are each person's own.

const federation = process.env.KEYLESS_TEST_FEDERATION_URL ?? "";

const HOSTILE: [string, Record<string, unknown>, string][] = [
  ["an absolute URL", { path: "https://evil.com/" }, "destination.path"],
  ["a scheme-relative URL", { path: "//evil.com" }, "destination.path"],
  ["a scheme-relative URL beneath a service", { service: "s3", path: "//evil.com/x" }, "destination.path"],
  ["javascript:", { path: "javascript:alert(document.cookie)" }, "destination.path"],
  ["data:", { path: "data:text/html,<script>alert(1)</script>" }, "destination.path"],
  ["a climb out with ..", { service: "s3", path: "/../../evil.com" }, "destination.path"],
  ["an encoded climb", { service: "s3", path: "/%2e%2e/%2e%2e/evil.com" }, "destination.path"],
  ["an encoded //", { path: "/%2F%2Fevil.com" }, "destination.path"],
  ["a doubly encoded //", { path: "/%252F%252Fevil.com" }, "destination.path"],
  ["a backslash", { path: "/\\evil.com" }, "destination.path"],
  ["user info", { service: "s3", path: "/home@evil.com" }, "destination.path"],
  ["a header split", { service: "s3", path: "/home\r\nLocation: https://evil.com" }, "destination.path"],
  ["a NUL", { service: "s3", path: "/home\u0000.evil.com" }, "destination.path"],
  ["a fullwidth slash", { path: "/\uff0f\uff0fevil.com" }, "destination.path"],
  ["a path outside every service", { path: "/evil" }, "destination.path"],
  ["an over-long path", { service: "s3", path: `/${"a".repeat(600)}` }, "destination.path"],
  ["an unknown service", { service: "evil.com" }, "destination.service"],
  ["a service with a path in it", { service: "s3/../evil" }, "destination.service"],
  ["a fake region", { region: "eu-west-9" }, "destination.region"],
  ["a region that is a host", { region: "evil.com#" }, "destination.region"],
  ["a host of one's own", { service: "s3", host: "evil.com" }, "destination"],
  ["a destination that is a string", "https://evil.com" as unknown as Record<string, unknown>, "destination"],
];

type Problem = { status: number; detail: string; errors?: { path: string; message: string }[] };

async function consoleOpens(userId: string): Promise<number> {
  const [row] = await query<{ n: string }>("SELECT count(*) AS n FROM audit_events WHERE actor_id = $1 AND action = 'console.open'", [
    userId,
  ]);
  return Number(row?.n ?? 0);
}

test.describe("console deep links, as an attacker would try them", () => {
  test("every hostile destination is refused, naming the field, before anything is vended", async () => {
    const roleId = await roleIdByName("SandboxDeveloper");
    const alice = await userIdByEmail("alice@example.com");
    const opensBefore = await consoleOpens(alice);
    for (const [what, destination, field] of HOSTILE) {
      const answer: Answer = await api(as("alice"), "POST", "/api/v1/console-url", { roleId, destination });
      expect(answer.status, `${what}: ${answer.text}`).toBe(422);
      expect(answer.headers["content-type"], what).toContain("application/problem+json");
      const problem = json<Problem>(answer);
      expect(
        problem.errors?.map((e) => e.path).some((p) => p.startsWith(field)),
        `${what}: ${answer.text}`,
      ).toBe(true);
      expect(answer.text, what).not.toContain("SigninToken");
    }
    expect(await consoleOpens(alice)).toBe(opensBefore);
  });

  test("the federation endpoint is never sent credentials in a query string", async () => {
    const creds = json<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }>(
      await api(as("alice"), "POST", "/api/v1/credentials", { roleId: await roleIdByName("SandboxDeveloper") }),
    );
    const session = JSON.stringify({ sessionId: creds.accessKeyId, sessionKey: creds.secretAccessKey, sessionToken: creds.sessionToken });
    const viaGet = await fetch(`${federation}?${new URLSearchParams({ Action: "getSigninToken", Session: session })}`);
    expect(viaGet.status).toBe(400);
    expect(((await viaGet.json()) as { Error: { Code: string } }).Error.Code).toBe("CredentialsInQuery");
    // Keyless itself POSTs: every exchange the stand-in saw came in a form body.
    const seen = (await (await fetch(`${federation}/_requests`)).json()) as { action: string; method: string }[];
    expect(seen.filter((r) => r.action === "getSigninToken").map((r) => r.method)).not.toContain("GET");
  });

  test("console favourites are each person's own: mona can neither see nor remove alice's", async () => {
    const add = findAction("app/(dashboard)/actions.ts", "addConsoleFavouriteAction");
    const remove = findAction("app/(dashboard)/actions.ts", "removeConsoleFavouriteAction");
    const roleId = await roleIdByName("SandboxDeveloper");
    const added = await callAction(add, as("alice"), { roleId, service: "ec2", region: "ap-southeast-2" });
    const favourite = (added.result as { ok: boolean; data?: { id: string } }).data;
    expect(favourite?.id, JSON.stringify(added.result)).toBeTruthy();

    // The credentials page mona sees lists none of alice's favourites.
    const monaPage = await api(as("mona"), "GET", "/", undefined, { accept: "text/html" });
    expect(monaPage.status).toBe(200);
    expect(monaPage.text).not.toContain(favourite!.id);
    expect(monaPage.text).not.toContain("EC2 · ap-southeast-2");

    const byMona = await callAction(remove, as("mona"), { id: favourite!.id });
    expect(byMona.result).toMatchObject({ ok: false, status: 404 });
    expect(await query("SELECT id FROM console_favourites WHERE id = $1", [favourite!.id])).toHaveLength(1);

    // A hostile service or region is refused for favourites too, and nothing is written.
    const before = await query("SELECT id FROM console_favourites");
    for (const fields of [
      { roleId, service: "evil.com", region: "eu-west-1" },
      { roleId, service: "s3", region: "eu-west-9" },
    ]) {
      expect((await callAction(add, as("alice"), fields)).result).toMatchObject({ ok: false, status: 422 });
    }
    expect(await query("SELECT id FROM console_favourites")).toHaveLength(before.length);

    const byAlice = await callAction(remove, as("alice"), { id: favourite!.id });
    expect(byAlice.result).toMatchObject({ ok: true });
    expect(await query("SELECT id FROM console_favourites WHERE id = $1", [favourite!.id])).toHaveLength(0);
  });
});
