import { expect, test, type Browser, type Page } from "@playwright/test";
import { query } from "./db";
import { mailTo } from "./inbox";
import { click, postToKeyless, responseTo, slackMessageAbout, standins } from "./slack-client";
import { storageFor, type DemoUser } from "./users";

// The request from issue 12: administrator access disguised as a read-only docs key. mona
// must see, on the queue, on the request page, in the email and in Slack, that it is critical
// and why; and it must take more than one click, from more than one person, to approve it.

async function as(browser: Browser, user: DemoUser): Promise<Page> {
  return (await browser.newContext({ storageState: storageFor(user) })).newPage();
}

const JUSTIFICATION = "<!channel> read-only docs bucket, *Permissions: ReadOnly*";

/** alice asks for the disguised key in Chromium, delivered to a webhook receiver she chose. */
async function requestDisguised(browser: Browser): Promise<{ id: string; service: string }> {
  const service = `Docs preview reader ${Date.now().toString(36)}`;
  const alice = await as(browser, "alice");
  await alice.goto("/requests/new");
  await alice.getByRole("link", { name: /Access for an external service/ }).click();
  await alice.getByLabel("Service name").fill(service);
  await alice.getByLabel("AWS account").selectOption("222222222222");
  await alice.getByLabel("Where the key goes").selectOption("webhook");
  const receiver = `docs-preview-${Date.now().toString(36)}`;
  await standins.webhookReceiver(receiver, "whsec_docs-preview-reader");
  await alice.getByLabel("Receiver URL").fill(`${standins.url}/webhook/${receiver}`);
  await alice.getByLabel(/signing secret/i).fill("whsec_docs-preview-reader");
  await alice.getByLabel("Managed policies").fill("arn:aws:iam::aws:policy/AdministratorAccess");
  await alice
    .getByLabel("Inline policy (JSON, optional)")
    .fill('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:GetObject","Resource":"arn:*"}]}');
  await alice.getByLabel("Why does it need AWS access?").fill(JUSTIFICATION);
  await alice.getByRole("button", { name: "Request access" }).click();
  await expect(alice).toHaveURL(/\/requests\/c\w+$/);
  const id = alice.url().split("/").pop() ?? "";
  await alice.context().close();
  return { id, service };
}

test("the disguised admin request shows mona Critical, with its reasons, in the queue and on the request page", async ({ browser }) => {
  const { id, service } = await requestDisguised(browser);
  const [row] = await query<{ risk_level: string | null }>("SELECT risk_level FROM access_requests WHERE id = $1", [id]);
  expect(row?.risk_level).toBe("critical");

  const mona = await as(browser, "mona");
  await mona.goto("/approvals");
  const card = mona.getByTestId(`pending-${id}`);
  await expect(card.locator('[data-risk-level="critical"]')).toHaveText("Critical");
  await expect(card.getByText(/^Full administrator access: allows every action/)).toBeVisible();
  // The requester's text is shown as text, not as markup.
  await expect(card.getByText(JUSTIFICATION)).toBeVisible();

  await card.getByRole("link", { name: new RegExp(service) }).click();
  await expect(mona).toHaveURL(new RegExp(`/requests/${id}$`));
  const panel = mona.getByTestId("risk-panel");
  await expect(panel.locator('[data-risk-level="critical"]')).toHaveText("Critical");
  await expect(panel.locator('[data-reason="admin-equivalent"]')).toContainText("Full administrator access");
  await expect(panel.locator('[data-reason="privilege-escalation:iam:CreateAccessKey"]')).toContainText(
    "Can create access keys for other IAM users",
  );
  await expect(panel.getByRole("table", { name: "Actions by service" })).toContainText(/ec2.*and \d+ more services/);
  await expect(panel.getByLabel("Actions by access level")).toContainText(/Actions\s*[\d,]{6}/);
  // What it was judged on: AdministratorAccess read from IAM, and the inline policy.
  await expect(panel.getByText("arn:aws:iam::aws:policy/AdministratorAccess")).toBeVisible();
  // The policy text itself is still shown.
  await expect(mona.getByText("everything except s3:GetObject")).toBeVisible();
});

test("the disguised request: critical in the email and in Slack, no one-click approval, and two people to approve it", async ({
  browser,
}) => {
  const { id, service } = await requestDisguised(browser);

  // The email mona gets says it is critical and why, in both parts; alice's words stay text.
  await expect
    .poll(async () => (await mailTo("mona@example.com", /^Approval needed/)).filter((m) => m.text.includes(id)).length, {
      timeout: 30_000,
    })
    .toBe(1);
  const [mail] = (await mailTo("mona@example.com", /^Approval needed/)).filter((m) => m.text.includes(id));
  expect(mail!.text).toContain("Risk: Critical");
  expect(mail!.text).toMatch(/Critical: Full administrator access/);
  expect(mail!.html).toContain("Risk: Critical");
  expect(mail!.html).toContain("&lt;!channel&gt; read-only docs bucket");
  expect(mail!.html).not.toContain("<!channel>");

  // Slack: the risk and the permissions in plain text, Deny and a link to review, no Approve.
  const message = await slackMessageAbout(id, "Risk: Critical");
  const posted = JSON.stringify(message);
  expect(posted).toMatch(/Allows [\d,]+ actions/);
  expect(posted).not.toContain("keyless_approve");
  expect(posted).toContain("keyless_deny");
  expect(posted).toContain("Review and approve in Keyless");
  const texts = (message.blocks ?? []).flatMap((b) => (b.text ? [b.text as { type: string }] : []));
  expect(texts.every((t) => t.type === "plain_text")).toBe(true);
  expect(message.text).not.toContain("<!channel>");

  // A click on an Approve button the message does not have (a correctly signed, forged
  // payload) is refused, audited, and changes nothing.
  expect((await postToKeyless(click("mona", "keyless_approve", id, `forged-approve-${id}`))).status).toBe(200);
  expect((await responseTo(`forged-approve-${id}`)).text).toMatch(
    /^Not done: This request is critical risk: it cannot be approved from Slack/,
  );
  const statusOf = async () => (await query<{ status: string }>("SELECT status FROM access_requests WHERE id = $1", [id]))[0]?.status;
  expect(await statusOf()).toBe("PENDING");
  const refusals = await query<{ outcome: string; via: string }>(
    "SELECT outcome, details->>'reason' AS via FROM audit_events WHERE action = 'request.approve' AND target_id = $1",
    [id],
  );
  expect(refusals).toEqual([{ outcome: "denied", via: "high-risk request approved from Slack" }]);

  // mona approves in Keyless: she must type the service's name, and her approval alone is not enough.
  const mona = await as(browser, "mona");
  await mona.goto(`/requests/${id}`);
  await expect(mona.getByTestId(`careful-${id}`)).toContainText("Nobody has approved it yet.");
  const approve = mona.getByRole("button", { name: "Approve" });
  await expect(approve).toBeDisabled();
  await mona.getByLabel(/To approve, type/).fill("Docs preview reader");
  await expect(approve).toBeDisabled();
  await mona.getByLabel(/To approve, type/).fill(service);
  await approve.click();
  await expect(mona.getByText(/Your approval is recorded\. This request is high risk/)).toBeVisible();
  expect(await statusOf()).toBe("PENDING");
  await mona.reload();
  await expect(mona.getByTestId(`approved-by-me-${id}`)).toContainText("It waits for another approver");

  // adam (an admin) sees mona's approval and completes it.
  const adam = await as(browser, "adam");
  await adam.goto(`/requests/${id}`);
  await expect(adam.getByTestId(`careful-${id}`)).toContainText(/Approved so far by Mona/);
  await adam.getByLabel(/To approve, type/).fill(service);
  await adam.getByRole("button", { name: "Approve" }).click();
  // Complete: provisioning starts (how it ends is external-access.spec.ts's business).
  await expect.poll(statusOf, { timeout: 15_000 }).not.toBe("PENDING");
  await expect(adam.getByText(/by adam@example\.com/)).toBeVisible();
  const approvals = await query<{ email: string }>(
    "SELECT u.email FROM request_approvals a JOIN users u ON u.id = a.user_id WHERE a.request_id = $1 ORDER BY a.at",
    [id],
  );
  expect(approvals.map((a) => a.email)).toEqual(["mona@example.com", "adam@example.com"]);
});
