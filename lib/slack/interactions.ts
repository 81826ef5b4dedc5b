import "server-only";
import { z } from "zod";
import { approveRequest, denyRequest } from "@/lib/approvals/decide";
import type { RequestMeta, UserCaller } from "@/lib/auth/caller";
import { callerFromUser } from "@/lib/auth/session-lookup";
import { sql } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, UpstreamError } from "@/lib/errors";
import { logger } from "@/lib/logger";

// Approve or deny from Slack. A request's Slack message carries Approve and Deny buttons;
// a click reaches POST /api/slack/interactions, signed by Slack (lib/slack/signature.ts).
// The clicker is found by the email of their Slack profile (users.info, with the bot
// token) and must be an active Keyless user with a live session: a person who left the
// company (suspended, deactivated over SCIM), or never signed in, decides nothing from
// Slack. Their groups are their current ones (re-read from the IdP, pushed by SCIM). The
// decision then goes through the same data access layer as the UI and the API: the same
// permission, eligibility rules and "nobody decides their own request".

export const SLACK_ACTIONS = { approve: "keyless_approve", deny: "keyless_deny" } as const;

/** The `block_actions` payload Slack posts when a button is clicked (only the fields used). */
export const interactionSchema = z.object({
  type: z.string().max(64),
  user: z.object({ id: z.string().regex(/^[UW][A-Z0-9]{2,40}$/, "not a Slack user id") }),
  actions: z
    .array(z.object({ action_id: z.string().max(255), value: z.string().max(255).optional() }))
    .max(25)
    .default([]),
  response_url: z.url().max(2000).optional(),
});
export type Interaction = z.infer<typeof interactionSchema>;

export type SlackReply = { replaceOriginal: boolean; text: string };

/** Carries out the click, if it is one of ours; returns what to tell the clicker, or null. */
export async function handleInteraction(payload: Interaction, request: RequestMeta): Promise<SlackReply | null> {
  if (payload.type !== "block_actions") return null;
  const action = payload.actions.find((a) => a.action_id === SLACK_ACTIONS.approve || a.action_id === SLACK_ACTIONS.deny);
  // The "Open in Keyless" link button also reports its clicks: nothing to do.
  if (!action?.value || !/^[a-z0-9]{10,40}$/.test(action.value)) return null;
  const decision = action.action_id === SLACK_ACTIONS.approve ? "approve" : "deny";
  const link = `${env().AUTH_URL}/requests/${action.value}`;
  try {
    const caller = await callerForSlackUser(payload.user.id, request);
    if (caller === "ended") return { replaceOriginal: false, text: "Not done: your access to Keyless has ended." };
    if (!caller) {
      return {
        replaceOriginal: false,
        text: `Keyless does not know you yet, or your session has ended: sign in at ${env().AUTH_URL} and click again, or decide here: ${link}`,
      };
    }
    const comment = decision === "approve" ? "Approved from Slack" : "Denied from Slack";
    const decided =
      decision === "approve" ? await approveRequest(caller, action.value, comment) : await denyRequest(caller, action.value, comment);
    const verb = decision === "approve" ? "Approved" : "Denied";
    const what = decided.awsRole ? `${decided.awsRole.roleName} in ${decided.awsRole.account.name}` : (decided.serviceName ?? "access");
    return {
      replaceOriginal: true,
      text: `${verb} by ${caller.email}: ${decided.requester.name ?? decided.requester.email}'s request for ${what}. ${link}`,
    };
  } catch (error) {
    if (error instanceof AppError) return { replaceOriginal: false, text: `Not done: ${error.message} ${link}` };
    throw error;
  }
}

/** The clicker as a Keyless caller; null when unknown or without a live session; "ended" when their access ended. */
async function callerForSlackUser(slackUserId: string, request: RequestMeta): Promise<UserCaller | "ended" | null> {
  const email = await slackEmail(slackUserId);
  if (!email) return null;
  const [user] = await sql<{ id: string; email: string; name: string | null; groups: string[]; status: string; live: boolean }>(
    `SELECT u.id, u.email, u.name, u.groups, u.status::text AS status,
            EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.expires > now()) AS live
       FROM users u WHERE lower(u.email) = lower($1)`,
    [email],
  );
  if (!user) return null;
  if (user.status !== "active") return "ended";
  return user.live ? callerFromUser(user, "slack", request) : null;
}

/** The verified email of a Slack user (users.info; the bot needs `users:read.email`). */
async function slackEmail(userId: string): Promise<string | null> {
  const e = env();
  let res: Response;
  try {
    res = await fetch(`${e.KEYLESS_SLACK_API_URL}/users.info?user=${encodeURIComponent(userId)}`, {
      headers: { Authorization: `Bearer ${e.KEYLESS_SLACK_BOT_TOKEN ?? ""}` },
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    throw new UpstreamError("Slack", "Slack could not be reached to look up who clicked.");
  }
  const body = (await res.json().catch(() => null)) as {
    ok?: boolean;
    error?: string;
    user?: { deleted?: boolean; is_bot?: boolean; profile?: { email?: string } };
  } | null;
  if (!res.ok || !body?.ok) {
    if (body?.error === "user_not_found") return null;
    throw new UpstreamError("Slack", `Slack refused to say who clicked (${body?.error ?? `HTTP ${res.status}`}).`);
  }
  if (body.user?.deleted || body.user?.is_bot) return null;
  const email = body.user?.profile?.email;
  return typeof email === "string" && email.includes("@") ? email : null;
}

/** Posts the outcome back to the message's response_url (only to Slack, or the configured Slack API's host). */
export async function replyToSlack(responseUrl: string | undefined, reply: SlackReply): Promise<void> {
  if (!responseUrl) return;
  const allowed = new Set(["https://hooks.slack.com", new URL(env().KEYLESS_SLACK_API_URL).origin]);
  if (!allowed.has(new URL(responseUrl).origin)) {
    logger().warn({ origin: new URL(responseUrl).origin }, "slack response_url on an unexpected host: not answered");
    return;
  }
  const body = reply.replaceOriginal
    ? { replace_original: true, text: reply.text, blocks: [{ type: "section", text: { type: "mrkdwn", text: reply.text } }] }
    : { replace_original: false, response_type: "ephemeral", text: reply.text };
  const res = await fetch(responseUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  }).catch((error: unknown) => {
    logger().warn({ err: error }, "slack response_url unreachable");
    return null;
  });
  if (res && !res.ok) logger().warn({ status: res.status }, "slack response_url refused the answer");
}
