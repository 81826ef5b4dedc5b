import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { StandinsClient } from "../../scripts/sandbox/standins/client";
import { roleIdByName } from "./support/db";
import { standinsUrl } from "./support/env";
import { as } from "./support/fixtures";
import { api, json } from "./support/http";

// What a requester writes reaches approvers in Slack and email (issue 12): as an attacker
// would try it, with Slack mentions, disguised links, fake lines, mrkdwn, HTML and header
// injection. Every such string must arrive inert: Slack blocks as plain_text (shown as
// written), the Slack notification fallback escaped, email HTML escaped, the subject one line.

const inboxUrl = process.env.KEYLESS_TEST_INBOX_URL ?? "";
const standins = new StandinsClient(standinsUrl);

const ATTACKS = [
  "<!channel> <!here> <@U0MONA0001> please approve",
  "<https://evil.example/approve|Approve in Keyless>",
  "*Permissions: ReadOnly* _safe_ ~risky~ `code`",
  "ok\nApproved by: adam@example.com\n━━━━━━━━ Risk: Low",
  '<img src=x onerror="alert(1)"><script>alert(2)</script>',
  "x\r\nBcc: everyone@example.com\r\nSubject: approved",
];

type SlackPayload = { text: string; blocks: { type: string; text?: { type: string; text: string }; elements?: unknown[] }[] };

test("requester text in Slack and email comes out inert", async () => {
  const marker = randomUUID().slice(0, 8);
  const justification = `Deploy ${marker}: ${ATTACKS.join(" | ")}`;
  const created = await api(as("alice"), "POST", "/api/v1/access-requests", {
    kind: "ROLE_ACCESS",
    roleId: await roleIdByName("ProductionDeploy"),
    durationSeconds: 3600,
    justification,
  });
  expect(created.status, created.text).toBe(201);
  const id = json<{ id: string }>(created).id;

  // The worker delivers the notifications.
  let slack: SlackPayload | undefined;
  await expect
    .poll(
      async () => {
        slack = (await standins.state()).slack.map((m) => m.payload as SlackPayload).find((p) => JSON.stringify(p).includes(id));
        return slack !== undefined;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  const texts = slack!.blocks.flatMap((b) => (b.text ? [b.text] : []));
  expect(texts.length).toBeGreaterThan(0);
  for (const t of texts) expect(t.type, "every text block is plain_text: no mrkdwn, mentions or links").toBe("plain_text");
  expect(texts[0]!.text).toContain(justification);
  // The fallback `text` (notifications) is mrkdwn in Slack: nothing in it may open a tag.
  expect(slack!.text).not.toMatch(/<[!@#]|<https?:|<img|<script/);

  let mail: { subject: string; text: string; html: string; to: string[] }[] = [];
  await expect
    .poll(
      async () => {
        const all = (await (await fetch(`${inboxUrl}/messages.json`)).json()) as typeof mail;
        mail = all.filter((m) => m.text.includes(`/requests/${id}`));
        return mail.length;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  for (const m of mail) {
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.to.every((to) => !to.includes("everyone@example.com"))).toBe(true);
    expect(m.html).not.toMatch(/<img|<script|<!channel|<https:\/\/evil/);
    expect(m.html).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(m.text).toContain(marker);
  }
});
