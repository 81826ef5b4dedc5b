import { expect } from "@playwright/test";
import { slackSignature } from "../lib/slack/signature";
import { StandinsClient } from "../scripts/sandbox/standins/client";
import { SLACK_APP } from "../scripts/sandbox/standins/state";

// What Slack does for Keyless's messages, for the e2e specs: the messages the worker posted,
// a person's button click as Slack posts it to /api/slack/interactions (signed with the app's
// signing secret), and Keyless's answer to it on the response URL.

const appUrl = process.env.KEYLESS_TEST_APP_URL ?? "http://localhost:3100";
const standinsUrl = process.env.KEYLESS_TEST_STANDINS_URL ?? "http://localhost:4310";
export const standins = new StandinsClient(standinsUrl);
export const SLACK_IDS = { alice: "U0ALICE001", mona: "U0MONA0001", adam: "U0ADAM0001", stranger: "U0STRANGER" } as const;
export type SlackAction = "keyless_approve" | "keyless_deny";

/** What Slack posts when `who` clicks a button of the message for `requestId`. */
export function click(who: keyof typeof SLACK_IDS, action: SlackAction, requestId: string, responseId: string): string {
  const payload = {
    type: "block_actions",
    user: { id: SLACK_IDS[who], username: who, team_id: "TSANDBOX" },
    actions: [{ type: "button", action_id: action, block_id: "b1", value: requestId, action_ts: "1" }],
    response_url: `${standinsUrl}/slack/responses/${responseId}`,
    trigger_id: "1.2.3",
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export async function postToKeyless(body: string, options: { secret?: string; timestamp?: number } = {}): Promise<Response> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return fetch(`${appUrl}/api/slack/interactions`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Slack-Request-Timestamp": timestamp,
      "X-Slack-Signature": slackSignature(options.secret ?? SLACK_APP.signingSecret, timestamp, body),
    },
    body,
  });
}

/** Keyless's answer to a click, once it has arrived on the response URL. */
export async function responseTo(responseId: string): Promise<{ replace_original: boolean; text: string; response_type?: string }> {
  await expect
    .poll(async () => (await standins.state()).slackResponses.filter((r) => r.id === responseId).length, { timeout: 15_000 })
    .toBe(1);
  const found = (await standins.state()).slackResponses.find((r) => r.id === responseId);
  return found?.payload as { replace_original: boolean; text: string; response_type?: string };
}

/** The channel message the worker posted about `requestId` for `event` (waits for it). */
export async function slackMessageAbout(requestId: string, mustInclude = ""): Promise<SlackPayload> {
  let found: SlackPayload | undefined;
  await expect
    .poll(
      async () => {
        found = (await standins.state()).slack
          .map((m) => m.payload as SlackPayload)
          .find((p) => JSON.stringify(p).includes(requestId) && JSON.stringify(p).includes(mustInclude));
        return Boolean(found);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return found!;
}

export type SlackPayload = { text: string; blocks?: Record<string, unknown>[] };
