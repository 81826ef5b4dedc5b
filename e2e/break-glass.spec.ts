import { expect, test, type Browser, type Page } from "@playwright/test";
import { StandinsClient } from "../scripts/sandbox/standins/client";
import { mailTo } from "./inbox";
import { query } from "./db";
import { storageFor, type DemoUser } from "./users";

// Break-glass (issue 12 §4), through the real sign-in: alice activates ProductionBreakGlass
// (break-glass for engineering in the seed) from the credentials page and gets credentials
// at once; mona and adam are told by email and Slack; mona sees the use on her dashboard and
// reviews it; alice cannot review her own.

const appOrigin = new URL(process.env.KEYLESS_TEST_APP_URL ?? "http://localhost:3100").origin;
const standins = new StandinsClient(process.env.KEYLESS_TEST_STANDINS_URL ?? "http://localhost:4310");
const WHY = "INC-4242: checkout is failing in production, rolling back the release";

async function as(browser: Browser, user: DemoUser): Promise<Page> {
  const context = await browser.newContext({ storageState: storageFor(user) });
  return context.newPage();
}

test("alice breaks glass on ProductionBreakGlass, gets credentials at once, and mona reviews the use", async ({ browser }) => {
  const slackBefore = (await standins.state()).slack.length;
  const alice = await as(browser, "alice");
  await alice.goto("/");
  const role = alice.getByTestId("role-ProductionBreakGlass");
  await expect(role.getByText("Requires approval")).toBeVisible();
  await role.getByRole("button", { name: "Break glass" }).click();

  const dialog = alice.getByRole("dialog", { name: "Break-glass access to ProductionBreakGlass" });
  await expect(dialog).toContainText("right now, without approval, for 1 hour");
  await expect(dialog).toContainText("Every approver of this role and every admin is told at once");
  const activate = dialog.getByRole("button", { name: "Activate break-glass access" });
  await dialog.getByLabel("What is the emergency?").fill("prod is down");
  await expect(activate).toBeDisabled();
  await dialog.getByLabel("What is the emergency?").fill(WHY);
  await activate.click();
  await expect(dialog).toBeHidden();

  await expect(role.getByText(/Break-glass until \d\d:\d\d UTC/)).toBeVisible();
  await role.getByRole("button", { name: "Get credentials" }).click();
  await expect(alice.getByTestId("credentials-snippet")).toContainText("AWS_ACCESS_KEY_ID");
  const [grant] = await query<{ id: string; justification: string; reviewed_at: Date | null }>(
    `SELECT g.id, g.justification, g.reviewed_at FROM grants g JOIN users u ON u.id = g.user_id
      WHERE u.email = 'alice@example.com' AND g.break_glass ORDER BY g.created_at DESC LIMIT 1`,
  );
  expect(grant).toMatchObject({ justification: WHY, reviewed_at: null });

  // Approvers and admins are told at once, by email and on Slack; alice is not asked to review her own.
  for (const who of ["mona@example.com", "adam@example.com"]) {
    await expect
      .poll(async () => (await mailTo(who, /^Break-glass: Alice Engineer activated ProductionBreakGlass in Production/)).length, {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
  }
  expect(await mailTo("alice@example.com", /^Break-glass/)).toHaveLength(0);
  const [mail] = await mailTo("mona@example.com", /^Break-glass/);
  expect(mail?.text).toContain(`Why (in their words): “${WHY}”`);
  await expect
    .poll(async () => (await standins.state()).slack.slice(slackBefore).some((m) => JSON.stringify(m.payload).includes(WHY)), {
      timeout: 20_000,
    })
    .toBe(true);

  // alice sees no review list and cannot review her own use.
  await alice.reload();
  await expect(alice.getByText("Break-glass uses awaiting review")).toHaveCount(0);
  const own = await alice.request.post(`/api/v1/grants/${grant!.id}/review`, { data: { comment: "fine" }, headers: { Origin: appOrigin } });
  expect(own.status()).toBe(403);

  // mona's dashboard lists it: who, role, when, why, and Review.
  const mona = await as(browser, "mona");
  await mona.goto("/");
  const use = mona.getByTestId(`break-glass-${grant!.id}`);
  await expect(use).toContainText("Alice Engineer activated ProductionBreakGlass in Production");
  await expect(use).toContainText(WHY);
  await expect(use.getByText(/active until/)).toBeVisible();
  await use.getByRole("button", { name: "Review" }).click();
  const review = mona.getByRole("dialog", { name: /Review Alice Engineer's break-glass use/ });
  await review.getByLabel("Review comment").fill("Checked CloudTrail: only the rollback of release 212");
  await review.getByRole("button", { name: "Acknowledge use" }).click();
  await expect(use).toHaveCount(0);
  await mona.goto("/approvals");
  await expect(mona.getByTestId(`break-glass-${grant!.id}`)).toHaveCount(0);

  const [after] = await query<{ reviewer: string; review_comment: string }>(
    "SELECT u.email AS reviewer, g.review_comment FROM grants g JOIN users u ON u.id = g.reviewed_by_id WHERE g.id = $1",
    [grant!.id],
  );
  expect(after).toEqual({ reviewer: "mona@example.com", review_comment: "Checked CloudTrail: only the rollback of release 212" });
  const audit = await query<{ action: string; actor_email: string }>(
    "SELECT action, actor_email FROM audit_events WHERE target_id = $1 AND outcome = 'success' ORDER BY id",
    [grant!.id],
  );
  expect(audit.map((a) => `${a.action} ${a.actor_email}`)).toEqual([
    "grant.break_glass alice@example.com",
    "grant.review mona@example.com",
  ]);

  // The API lists it as reviewed no more.
  const pending = await mona.request.get("/api/v1/grants?scope=all&awaitingReview=true");
  expect(((await pending.json()) as { id: string }[]).map((g) => g.id)).not.toContain(grant!.id);
});
