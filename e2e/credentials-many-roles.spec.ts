import { expect, test } from "@playwright/test";
import { sessionFor } from "../scripts/sandbox/sessions";
import { e2ePool, query } from "./db";

// The credentials page at a large company's size (issue 16): a person whose group reaches
// 120 roles in 24 accounts finds one by searching, sees each account's count, collapses an
// account, and the page keeps only a window of the roles in the DOM.

const GROUP = "e2e-many-roles";
const NAMES = ["Reader", "Deployer", "Operator", "Auditor", "Analyst", "Billing", "Network", "Security", "Support", "Viewer"];
const ACCOUNTS = 24;
/** The first four accounts map all ten roles, the other twenty four each: 120 in all. */
const rolesIn = (i: number) => (i <= 4 ? 10 : 4);
const accountId = (i: number) => String(710000000000 + i);

test.beforeAll(async () => {
  await query(
    `INSERT INTO aws_accounts (id, account_id, name, updated_at)
     SELECT 'many-' || i, (710000000000 + i)::text, 'many-' || lpad(i::text, 2, '0'), now() FROM generate_series(1, $1::int) i`,
    [ACCOUNTS],
  );
  await query(
    `INSERT INTO aws_roles (id, aws_account_id, role_name, role_arn, description, allowed_groups, updated_at)
     SELECT 'many-' || i || '-' || n, 'many-' || i, ($2::text[])[n], 'arn:aws:iam::' || (710000000000 + i) || ':role/' || ($2::text[])[n],
            'Mapped for the many-roles test', ARRAY[$3], now()
     FROM generate_series(1, $1::int) i CROSS JOIN generate_series(1, 10) n WHERE n <= CASE WHEN i <= 4 THEN 10 ELSE 4 END`,
    [ACCOUNTS, NAMES, GROUP],
  );
});

test.afterAll(async () => {
  await query("DELETE FROM users WHERE email = 'many-roles@example.com'");
  await query("DELETE FROM aws_roles WHERE id LIKE 'many-%'");
  await query("DELETE FROM aws_accounts WHERE id LIKE 'many-%'");
});

test("with 120 roles, search narrows to the right role and each account shows its count", async ({ page, context, baseURL }) => {
  const cookie = await sessionFor(e2ePool, "many-roles@example.com", [GROUP]);
  const [name, value] = cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: baseURL! }]);

  // The API lists exactly the roles the group maps: none of the demo's, none missing.
  const listed = (await (await page.request.get("/api/v1/aws-roles")).json()) as { accountId: string }[];
  expect(listed).toHaveLength(120);
  expect(listed.every((r) => r.accountId.startsWith("7100000000"))).toBe(true);

  await page.goto("/");
  await expect(page.getByRole("status").filter({ hasText: "120 roles in 24 accounts" })).toBeVisible();
  const first = page.getByRole("button", { name: new RegExp(`many-01 ${accountId(1)}`) });
  await expect(first).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByTestId(`count-${accountId(1)}`)).toHaveText("10 roles");
  // Windowed: far fewer role rows in the DOM than roles (account 5, below the fold, is not there yet).
  await expect(page.getByTestId(`count-${accountId(5)}`)).toHaveCount(0);
  expect(await page.locator("[data-testid^='role-']").count()).toBeLessThan(60);

  // By account id and role name: one role left, its account saying 1 of its 10.
  const search = page.getByRole("searchbox", { name: "Search roles" });
  await search.fill(`${accountId(3)} operator`);
  await expect(page.getByRole("status").filter({ hasText: "1 of 120 roles match" })).toBeVisible();
  await expect(page.getByRole("group", { name: `Operator in many-03 (${accountId(3)})` })).toBeVisible();
  await expect(page.locator("[data-testid^='role-']")).toHaveCount(1);
  await expect(page.getByTestId(`count-${accountId(3)}`)).toHaveText("1 of 10 roles");

  // By account name: a far-down account (never rendered before) with its four roles.
  await search.fill("many-24");
  await expect(page.getByRole("status").filter({ hasText: `${rolesIn(24)} of 120 roles match` })).toBeVisible();
  await expect(page.getByRole("group", { name: `Reader in many-24 (${accountId(24)})` })).toBeVisible();
  await expect(page.getByRole("group", { name: /in many-24 / })).toHaveCount(4);
  await expect(page.getByTestId(`count-${accountId(24)}`)).toHaveText("4 roles");
  await search.fill("no-such-role");
  await expect(page.getByText("No role matches your search")).toBeVisible();

  // Collapsing an account from the keyboard hides its roles and keeps its count.
  await search.fill("");
  await first.focus();
  await page.keyboard.press("Enter");
  await expect(first).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("group", { name: /in many-01 / })).toHaveCount(0);
  await expect(page.getByTestId(`count-${accountId(1)}`)).toHaveText("10 roles");
  await expect(page.getByRole("group", { name: `Reader in many-02 (${accountId(2)})` })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("group", { name: `Viewer in many-01 (${accountId(1)})` })).toBeVisible();
});
