import { randomUUID } from "node:crypto";
import { CreateAccessKeyCommand, CreateUserCommand, ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { iamIn } from "../scripts/sandbox/aws-clients";
import { StandinsClient } from "../scripts/sandbox/standins/client";
import { query, snapshot } from "./db";
import { storageFor, type DemoUser } from "./users";

const motoUrl = process.env.KEYLESS_TEST_MOTO_URL ?? "";
const standinsUrl = process.env.KEYLESS_TEST_STANDINS_URL ?? "";
const standins = new StandinsClient(standinsUrl);

async function as(browser: Browser, user: DemoUser): Promise<Page> {
  const context = await browser.newContext({ storageState: storageFor(user) });
  return context.newPage();
}

test("adam creates an integration through the form, rotates it, and watches every step complete", async ({ browser }) => {
  test.setTimeout(120_000);
  const suffix = randomUUID().slice(0, 8);
  const userName = `e2e-shipper-${suffix}`;
  const receiver = `e2e-receiver-${suffix}`;
  const signingSecret = `whsec_e2e_${randomUUID()}`;
  // The service's IAM user with its one key, and the service's receiver.
  const iam = await iamIn(motoUrl, "111111111111");
  await iam.send(new CreateUserCommand({ UserName: userName }));
  const first = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  await standins.webhookReceiver(receiver, signingSecret);

  const page = await as(browser, "adam");
  page.on("dialog", (d) => void d.accept());
  await page.goto("/integrations");
  await page.getByRole("link", { name: "New integration" }).click();
  await page.getByLabel("Name").fill(`Log shipper ${suffix}`);
  await page.getByLabel("Owner email").fill("adam@example.com");
  await page.getByLabel("AWS account").selectOption("111111111111");
  await page.getByLabel("IAM user").fill(userName);
  await page.getByLabel("Target").selectOption({ label: "Signed webhook" });
  await page.getByLabel("Receiver URL").fill(`${standinsUrl}/webhook/${receiver}`);
  await page.getByLabel("Health URL").fill(`${standinsUrl}/webhook/${receiver}`);
  await page.getByLabel(/Signing secret/).fill(signingSecret);
  await page.getByLabel("Rotate every (days)").fill("30");
  await page.getByLabel("Grace period before the old key is deleted").fill("0.05"); // 3 seconds
  await page.getByLabel("Grace period unit").selectOption("minutes");
  await page.getByRole("button", { name: "Create integration" }).click();

  await expect(page.getByRole("heading", { name: `Log shipper ${suffix}` })).toBeVisible();
  await expect(page.getByText(/•+ set \d{4}-/)).toBeVisible(); // the token: only when it was set
  await expect(page.locator("body")).not.toContainText(signingSecret);
  const integrationId = page.url().split("/").pop() ?? "";

  await page.getByRole("button", { name: "Rotate now" }).click();
  await expect(page).toHaveURL(new RegExp(`/integrations/${integrationId}/rotations/\\w+$`));
  for (const step of ["check", "create_key", "propagate", "push", "verify", "deactivate_old"]) {
    await expect(page.getByTestId(`step-${step}`)).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  }
  // Then the grace period, and the old key's deletion, live on the same page.
  await expect(page.getByTestId("step-delete_old")).toHaveAttribute("data-state", "done", { timeout: 45_000 });
  await expect(page.getByTestId("rotation-summary").getByText("rotated")).toBeVisible();
  await expect(page.getByTestId("step-push")).toContainText("wrote AKIA");

  // What the service and AWS now hold: one key, the new one, delivered to the receiver.
  const keys = (await iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [];
  expect(keys).toHaveLength(1);
  expect(keys[0]?.AccessKeyId).not.toBe(first.AccessKey?.AccessKeyId);
  expect((await standins.state()).webhooks[receiver]?.heldKeyId).toBe(keys[0]?.AccessKeyId);
  iam.destroy();

  // The API never returns the token.
  const api = await page.request.get(`/api/v1/integrations/${integrationId}`);
  expect(api.status()).toBe(200);
  expect(await api.text()).not.toContain(signingSecret);
  expect(((await api.json()) as { token: { set: boolean } }).token.set).toBe(true);
});

for (const user of ["alice", "mona"] as const) {
  test(`${user} (not an admin) gets 403 on the integrations API and page, and changes nothing`, async ({ browser }) => {
    const page = await as(browser, user);
    await page.goto("/");
    await expect(page.getByRole("link", { name: "Integrations" })).toHaveCount(0);
    const [seeded] = await query<{ id: string }>("SELECT id FROM integrations ORDER BY name LIMIT 1");
    const origin = new URL(page.url()).origin;
    const before = await snapshot(["integrations", "rotations"]);
    for (const res of [
      await page.request.get("/api/v1/integrations"),
      await page.request.get(`/api/v1/integrations/${seeded?.id}`),
      await page.request.post("/api/v1/integrations", { data: { name: "x" }, headers: { Origin: origin } }),
      await page.request.post(`/api/v1/integrations/${seeded?.id}/rotate`, { headers: { Origin: origin } }),
      await page.request.delete(`/api/v1/integrations/${seeded?.id}`, { headers: { Origin: origin } }),
    ]) {
      expect(res.status()).toBe(403);
      expect(res.headers()["content-type"]).toContain("application/problem+json");
    }
    expect(await snapshot(["integrations", "rotations"])).toBe(before);
    const response = await page.goto("/integrations");
    expect(response?.status()).toBe(403);
    await expect(page.getByText("You don't have access to this page")).toBeVisible();
  });
}

test("bad integration input gets 422 problem+json naming the field", async ({ browser }) => {
  const page = await as(browser, "adam");
  await page.goto("/integrations");
  const origin = new URL(page.url()).origin;
  const res = await page.request.post("/api/v1/integrations", {
    headers: { Origin: origin },
    data: {
      name: "bad",
      accountId: "111111111111",
      iamUserName: "deploy-bot",
      targetType: "gitlab",
      targetSettings: { project: "not a path!" },
      targetToken: "t",
      ownerEmail: "a@example.com",
    },
  });
  expect(res.status()).toBe(422);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
  expect(((await res.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe("targetSettings.project");
  const unknown = await page.request.post("/api/v1/integrations", { headers: { Origin: origin }, data: { name: "x", targetType: "ftp" } });
  expect(unknown.status()).toBe(422);
});
