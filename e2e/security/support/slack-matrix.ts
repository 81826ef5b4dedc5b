import { randomUUID } from "node:crypto";
import { slackSignature } from "../../../lib/slack/signature";
import { SLACK_APP, SLACK_USERS } from "../../../scripts/sandbox/standins/state";
import type { DemoUser } from "../../users";
import { query } from "./db";
import { standinsUrl } from "./env";
import { pendingRequest } from "./fixtures";
import type { Outgoing } from "./http";

// POST /api/slack/interactions: Slack, not a person, calls it, and its signature is the
// authentication; who clicked is a Slack member matched by email to a Keyless user, and
// the decision follows the same rules as the UI. Each cell is one click (or a forgery) on
// a fresh pending request; a refused one leaves the request pending and the tables as they were.

type Clicker = DemoUser | "stranger";
const slackIdOf = (who: Clicker) => SLACK_USERS.find((u) => u.email.startsWith(who === "stranger" ? "stranger@" : `${who}@`))!.id;

export type SlackCell = {
  who: string;
  /** The request the click is about, by whom. */
  requester: DemoUser;
  build: (requestId: string) => Outgoing;
  status: number;
  /** The request's status afterwards. */
  after: "PENDING" | "APPROVED";
};

function click(who: Clicker, requestId: string): string {
  const payload = {
    type: "block_actions",
    user: { id: slackIdOf(who), username: who, team_id: "TSANDBOX" },
    actions: [{ type: "button", action_id: "keyless_approve", block_id: "b1", value: requestId, action_ts: "1" }],
    response_url: `${standinsUrl}/slack/responses/matrix-${randomUUID()}`,
    trigger_id: "1.2.3",
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function signed(body: string, opts: { secret?: string; ageSeconds?: number; headers?: Record<string, string> } = {}): Outgoing {
  const timestamp = String(Math.floor(Date.now() / 1000) - (opts.ageSeconds ?? 0));
  return {
    method: "POST",
    path: "/api/slack/interactions",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": slackSignature(opts.secret ?? SLACK_APP.signingSecret, timestamp, body),
      ...opts.headers,
    },
    body,
  };
}

export const SLACK_MATRIX: SlackCell[] = [
  {
    who: "anonymous (no signature, alice's session cookie)",
    requester: "alice",
    build: (id) => ({
      method: "POST",
      path: "/api/slack/interactions",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: click("mona", id),
    }),
    status: 401,
    after: "PENDING",
  },
  {
    who: "a signature made with another secret",
    requester: "alice",
    build: (id) => signed(click("mona", id), { secret: `${SLACK_APP.signingSecret}x` }),
    status: 401,
    after: "PENDING",
  },
  {
    who: "a genuine click replayed ten minutes later",
    requester: "alice",
    build: (id) => signed(click("mona", id), { ageSeconds: 600 }),
    status: 401,
    after: "PENDING",
  },
  {
    who: "a Slack member Keyless does not know",
    requester: "alice",
    build: (id) => signed(click("stranger", id)),
    status: 200,
    after: "PENDING",
  },
  {
    who: "engineer (alice) approves mona's request",
    requester: "mona",
    build: (id) => signed(click("alice", id)),
    status: 200,
    after: "PENDING",
  },
  {
    who: "cross-user: manager (mona) approves her own request",
    requester: "mona",
    build: (id) => signed(click("mona", id)),
    status: 200,
    after: "PENDING",
  },
  {
    who: "manager (mona) approves alice's request",
    requester: "alice",
    build: (id) => signed(click("mona", id)),
    status: 200,
    after: "APPROVED",
  },
  {
    who: "admin (adam) approves alice's request",
    requester: "alice",
    build: (id) => signed(click("adam", id)),
    status: 200,
    after: "APPROVED",
  },
];

export const requestStatus = async (id: string) =>
  (await query<{ status: string }>("SELECT status FROM access_requests WHERE id = $1", [id]))[0]?.status;

export const slackFixture = (requester: DemoUser) => pendingRequest(requester);
