import { expect, test, type Browser, type Page } from "@playwright/test";
import { StandinsClient } from "../scripts/sandbox/standins/client";
import { query } from "./db";
import { storageFor, type DemoUser } from "./users";

const standins = new StandinsClient(process.env.KEYLESS_TEST_STANDINS_URL ?? "http://localhost:4310");

async function as(browser: Browser, user: DemoUser): Promise<Page> {
  return (await browser.newContext({ storageState: storageFor(user) })).newPage();
}

test("alice asks for CI access, mona approves, Keyless provisions it and adam sees the integration", async ({ browser }) => {
  const receiver = `ci-${Date.now().toString(36)}`;
  const secret = `whsec_${receiver}`;
  await standins.webhookReceiver(receiver, secret);
  const url = `${standins.url}/webhook/${receiver}`;

  const alice = await as(browser, "alice");
  await alice.goto("/requests/new");
  await alice.getByRole("link", { name: /Access for an external service/ }).click();
  await alice.getByLabel("Service name").fill(`Log shipper ${receiver}`);
  await alice.getByLabel("AWS account").selectOption("111111111111");
  await alice.getByLabel("Where the key goes").selectOption("webhook");
  await alice.getByLabel("Receiver URL").fill(url);
  await alice.getByLabel("Health URL").fill(url);
  await alice.getByLabel(/signing secret/i).fill(secret);
  await alice
    .getByLabel("Inline policy (JSON, optional)")
    .fill('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::log-archive/*"}]}');
  await alice.getByLabel("Why does it need AWS access?").fill("Ships application logs to the archive bucket");
  await alice.getByRole("button", { name: "Request access" }).click();
  await expect(alice).toHaveURL(/\/requests\/c\w+$/);
  const id = alice.url().split("/").pop() ?? "";

  const mona = await as(browser, "mona");
  await mona.goto("/approvals");
  const card = mona.getByTestId(`pending-${id}`);
  // The approver sees what will be created and how risky it is: writing objects to one
  // bucket takes one approval and one click (e2e/risk.spec.ts has the dangerous kind).
  await expect(card.locator("[data-risk-level]")).toHaveText(/^\s*(Low|Medium)$/);
  await expect(card.getByText(/create IAM user/)).toBeVisible();
  await expect(card.getByTestId(`careful-${id}`)).toHaveCount(0);
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(card).toHaveCount(0);

  await alice.reload();
  await expect(alice.getByText("Rotation scheduled")).toBeVisible({ timeout: 60_000 });
  await expect(alice.getByText("provisioned", { exact: true })).toBeVisible();
  const [row] = await query<{ integration_id: string }>("SELECT integration_id FROM access_requests WHERE id = $1", [id]);
  const state = await standins.state();
  expect(state.webhooks[receiver]?.deliveries.some((d) => d.signature === "valid")).toBe(true);

  const adam = await as(browser, "adam");
  await adam.goto(`/integrations/${row?.integration_id ?? ""}`);
  await expect(adam.getByText(`Log shipper ${receiver}`).first()).toBeVisible();
});
