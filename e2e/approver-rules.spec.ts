import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { query, roleIdByName, snapshot } from "./db";
import { storageFor, type DemoUser } from "./users";

// Approver rules per role (issue 12 §3, AWS TEAM issue 81), through the real sign-in: adam
// scopes ProductionDeploy to a group mona is not in; mona can no longer approve alice's
// request, adam still can. Then only platform may request it, and alice is told she can't.
// The rule is removed at the end, so the other specs see the seed's rule again.

const appOrigin = new URL(process.env.KEYLESS_TEST_APP_URL ?? "http://localhost:3100").origin;

async function as(browser: Browser, user: DemoUser): Promise<Page> {
  const context = await browser.newContext({ storageState: storageFor(user) });
  return context.newPage();
}

async function chip(form: Locator, label: string, group: string) {
  const input = form.getByLabel(label, { exact: true });
  await input.fill(group);
  await input.press("Enter");
}

async function removeDeployRules(adam: Page) {
  const rules = (await (await adam.request.get("/api/v1/approval-rules")).json()) as { id: string; scope: { roleName?: string } }[];
  for (const r of rules.filter((x) => x.scope.roleName === "ProductionDeploy"))
    await adam.request.delete(`/api/v1/approval-rules/${r.id}`, { headers: { Origin: appOrigin } });
}

test("a rule scoping ProductionDeploy to release-managers: mona can no longer approve alice's request, adam can", async ({ browser }) => {
  const adam = await as(browser, "adam");
  adam.on("dialog", (d) => void d.accept());
  try {
    await adam.goto("/admin/approvals");
    const summary = adam.getByTestId("summary-ProductionDeploy");
    await expect(summary).toContainText("ProductionDeploy: requested by anyone; approved by eng-managers");
    await expect(summary).toContainText("global rule");

    const form = adam.getByRole("form", { name: "New rule" });
    await form.getByLabel("Applies to").selectOption({ label: "Role ProductionDeploy" });
    await form.getByRole("button", { name: "Remove anyone from who may request" }).click();
    await chip(form, "Who may request", "engineering");
    await chip(form, "Who approves", "release-managers");
    await form.getByRole("button", { name: "Add rule" }).click();
    await expect(summary).toContainText("ProductionDeploy: requested by engineering; approved by release-managers");
    await expect(summary).toContainText("rule for this role");

    // alice asks as before.
    const alice = await as(browser, "alice");
    await alice.goto("/");
    await alice.getByTestId("role-ProductionDeploy").getByRole("link", { name: "Request access" }).click();
    await alice.getByLabel("Why do you need it?").fill("Shipping the hotfix for INC-5150");
    await alice.getByRole("button", { name: "Request access" }).click();
    await expect(alice).toHaveURL(/\/requests\/c\w+$/);
    const id = alice.url().split("/").pop() ?? "";

    // mona does not see it to decide, and cannot approve it.
    const mona = await as(browser, "mona");
    await mona.goto("/approvals");
    await expect(mona.getByTestId(`pending-${id}`)).toHaveCount(0);
    await mona.goto(`/requests/${id}`);
    await expect(mona.getByText("You are not an approver for this: the approval rules name other groups.")).toBeVisible();
    await expect(mona.getByRole("button", { name: "Approve" })).toHaveCount(0);
    const before = await snapshot(["access_requests", "grants"]);
    const refused = await mona.request.post(`/api/v1/access-requests/${id}/approve`, {
      data: { comment: "ok" },
      headers: { Origin: appOrigin },
    });
    expect(refused.status()).toBe(403);
    expect(await snapshot(["access_requests", "grants"])).toBe(before);

    // An admin may always decide.
    await adam.goto("/approvals");
    const card = adam.getByTestId(`pending-${id}`);
    await expect(card.getByText("Shipping the hotfix for INC-5150")).toBeVisible();
    await card.getByRole("button", { name: "Approve" }).click();
    await expect(card).toHaveCount(0);
    await alice.reload();
    await expect(alice.getByText("approved", { exact: true })).toBeVisible();

    // Now only platform may request it: alice is told she can't, on the page and by the API.
    await adam.goto("/admin/approvals");
    await adam.getByRole("button", { name: "Edit the rule for ProductionDeploy in Production" }).click();
    const edit = adam.getByRole("form", { name: "Edit rule" });
    await edit.getByRole("button", { name: "Remove engineering from who may request" }).click();
    await chip(edit, "Who may request", "platform");
    await edit.getByRole("button", { name: "Save rule" }).click();
    await expect(summary).toContainText("ProductionDeploy: requested by platform; approved by release-managers");
    // (The access adam approved ends first: with a live grant alice just gets credentials.)
    const [grant] = await query<{ id: string }>("SELECT id FROM grants WHERE request_id = $1", [id]);
    expect((await adam.request.delete(`/api/v1/grants/${grant!.id}`, { headers: { Origin: appOrigin } })).status()).toBe(200);
    await alice.goto("/");
    await expect(alice.getByTestId("role-ProductionDeploy").getByText("You can't request this role")).toBeVisible();
    await expect(alice.getByTestId("role-ProductionDeploy").getByRole("link", { name: "Request access" })).toHaveCount(0);
    const res = await alice.request.post("/api/v1/access-requests", {
      data: {
        kind: "ROLE_ACCESS",
        roleId: await roleIdByName("ProductionDeploy"),
        durationSeconds: 3600,
        justification: "Another deploy for INC-5150",
      },
      headers: { Origin: appOrigin },
    });
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toBe(
      "You can't request ProductionDeploy: the approval rules let only members of platform request it.",
    );

    // Removing the rule brings the seed's rule back.
    await adam
      .getByTestId(/^rule-/)
      .filter({ hasText: "ProductionDeploy in Production" })
      .getByRole("button", { name: "Remove" })
      .click();
    await expect(summary).toContainText("ProductionDeploy: requested by anyone; approved by eng-managers");
  } finally {
    await removeDeployRules(adam);
  }
});
