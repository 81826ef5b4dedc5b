import { expect, test, type Browser, type Page } from "@playwright/test";
import { query, roleIdByName } from "./db";
import { click, postToKeyless, responseTo, standins } from "./slack-client";
import { storageFor, type DemoUser } from "./users";

// Approve from Slack: the request's Slack message carries Approve/Deny buttons; a click is
// what Slack would post to /api/slack/interactions, signed with the app's signing secret.
// The decision goes through the same rules as the UI; the outcome goes back to the message.

const appUrl = process.env.KEYLESS_TEST_APP_URL ?? "http://localhost:3100";

async function as(browser: Browser, user: DemoUser): Promise<Page> {
  const context = await browser.newContext({ storageState: storageFor(user) });
  return context.newPage();
}

async function requestDeployAccess(page: Page, why: string): Promise<string> {
  const res = await page.request.post("/api/v1/access-requests", {
    data: { kind: "ROLE_ACCESS", roleId: await roleIdByName("ProductionDeploy"), durationSeconds: 3600, justification: why },
    headers: { Origin: new URL(appUrl).origin },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const statusOf = async (id: string) =>
  (await query<{ status: string }>("SELECT status FROM access_requests WHERE id = $1", [id]))[0]?.status;

test("mona approves alice's request from Slack; alice, a stranger and a forged click cannot", async ({ browser }) => {
  const alice = await as(browser, "alice");
  const id = await requestDeployAccess(alice, "Hotfix INC-5678 from Slack");

  // The worker's Slack message for the new request carries the two buttons.
  await expect
    .poll(
      async () =>
        (await standins.state()).slack.some((m) => {
          const text = JSON.stringify(m.payload);
          return (
            text.includes(`"action_id":"keyless_approve","value":"${id}"`) && text.includes(`"action_id":"keyless_deny","value":"${id}"`)
          );
        }),
      { timeout: 30_000 },
    )
    .toBe(true);

  // A forged click (wrong secret) and a replayed old one are refused before anything else.
  const forged = await postToKeyless(click("mona", "keyless_approve", id, `forged-${id}`), { secret: "not-the-signing-secret-at-all" });
  expect(forged.status).toBe(401);
  expect(forged.headers.get("content-type")).toContain("application/problem+json");
  const replayed = await postToKeyless(click("mona", "keyless_approve", id, `old-${id}`), {
    timestamp: Math.floor(Date.now() / 1000) - 600,
  });
  expect(replayed.status).toBe(401);
  const garbage = await fetch(`${appUrl}/api/slack/interactions`, { method: "POST", body: "payload=%7B" });
  expect(garbage.status).toBe(401);
  expect(await statusOf(id)).toBe("PENDING");

  // Alice (an engineer) may not approve, from Slack either; someone Keyless doesn't know decides nothing.
  expect((await postToKeyless(click("alice", "keyless_approve", id, `alice-${id}`))).status).toBe(200);
  const refused = await responseTo(`alice-${id}`);
  expect(refused.replace_original).toBe(false);
  expect(refused.text).toMatch(/^Not done: Your role does not allow this/);
  expect((await postToKeyless(click("stranger", "keyless_approve", id, `stranger-${id}`))).status).toBe(200);
  expect((await responseTo(`stranger-${id}`)).text).toMatch(/does not know you/);
  expect(await statusOf(id)).toBe("PENDING");

  // Mona approves: the message is replaced with the outcome, alice has access.
  expect((await postToKeyless(click("mona", "keyless_approve", id, `mona-${id}`))).status).toBe(200);
  const approved = await responseTo(`mona-${id}`);
  expect(approved.replace_original).toBe(true);
  expect(approved.text).toMatch(/^Approved by mona@example\.com: .*ProductionDeploy/);
  expect(await statusOf(id)).toBe("APPROVED");
  const [audit] = await query<{ email: string; via: string }>(
    "SELECT actor_email AS email, details->>'via' AS via FROM audit_events WHERE action = 'request.approve' AND target_id = $1",
    [id],
  );
  expect(audit).toEqual({ email: "mona@example.com", via: "slack" });
  await alice.goto("/");
  await expect(alice.getByTestId("role-ProductionDeploy").getByText(/Approved until/)).toBeVisible();

  // A second click after the decision changes nothing and says why.
  expect((await postToKeyless(click("adam", "keyless_deny", id, `late-${id}`))).status).toBe(200);
  expect((await responseTo(`late-${id}`)).text).toMatch(/already approved/);
  expect(await statusOf(id)).toBe("APPROVED");
});

test("nobody decides their own request from Slack; an admin denies it there", async ({ browser }) => {
  const mona = await as(browser, "mona");
  const id = await requestDeployAccess(mona, "Own request, Slack edition");
  expect((await postToKeyless(click("mona", "keyless_approve", id, `self-${id}`))).status).toBe(200);
  expect((await responseTo(`self-${id}`)).text).toMatch(/^Not done: Nobody may decide their own request/);
  expect(await statusOf(id)).toBe("PENDING");

  expect((await postToKeyless(click("adam", "keyless_deny", id, `adam-${id}`))).status).toBe(200);
  const denied = await responseTo(`adam-${id}`);
  expect(denied.replace_original).toBe(true);
  expect(denied.text).toMatch(/^Denied by adam@example\.com/);
  expect(await statusOf(id)).toBe("DENIED");
});
