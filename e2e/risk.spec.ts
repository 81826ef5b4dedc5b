import { expect, test, type Browser, type Page } from "@playwright/test";
import { query } from "./db";
import { storageFor, type DemoUser } from "./users";

// The request from issue 12: administrator access disguised as a read-only docs key. mona
// must see, on the queue and on the request page, that it is critical and why.

async function as(browser: Browser, user: DemoUser): Promise<Page> {
  return (await browser.newContext({ storageState: storageFor(user) })).newPage();
}

const JUSTIFICATION = "<!channel> read-only docs bucket, *Permissions: ReadOnly*";

test("the disguised admin request shows mona Critical, with its reasons, in the queue and on the request page", async ({ browser }) => {
  const service = `Docs preview reader ${Date.now().toString(36)}`;
  const alice = await as(browser, "alice");
  await alice.goto("/requests/new");
  await alice.getByRole("link", { name: /Access for an external service/ }).click();
  await alice.getByLabel("Service name").fill(service);
  await alice.getByLabel("AWS account").selectOption("222222222222");
  await alice.getByLabel("Where the key goes").selectOption("webhook");
  await alice.getByLabel("Receiver URL").fill("https://docs-preview.example.com/keyless");
  await alice.getByLabel(/signing secret/i).fill("whsec_docs-preview-reader");
  await alice.getByLabel("Managed policies").fill("arn:aws:iam::aws:policy/AdministratorAccess");
  await alice
    .getByLabel("Inline policy (JSON, optional)")
    .fill('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:GetObject","Resource":"arn:*"}]}');
  await alice.getByLabel("Why does it need AWS access?").fill(JUSTIFICATION);
  await alice.getByRole("button", { name: "Request access" }).click();
  await expect(alice).toHaveURL(/\/requests\/c\w+$/);
  const id = alice.url().split("/").pop() ?? "";
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
