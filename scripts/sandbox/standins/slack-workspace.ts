// A tiny stand-in for the Slack client, so the demo can show approve-from-Slack: GET /slack
// lists the messages Keyless posted to the sandbox webhook with their buttons; clicking
// Approve or Deny (as a chosen workspace member) makes the stand-in do what Slack does:
// post a signed `block_actions` interaction to Keyless's /api/slack/interactions, with a
// response_url on this server where Keyless reports the outcome, shown under the message.
import { slackSignature } from "../../../lib/slack/signature";
import { SLACK_APP, SLACK_USERS, type StandinState } from "./state";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Block = {
  type?: string;
  text?: { text?: string };
  elements?: { type?: string; text?: { text?: string }; action_id?: string; value?: string; url?: string }[];
};

export function renderWorkspace(state: StandinState): string {
  const messages = state.slack
    .map((m, index) => ({ ...m, index }))
    .reverse()
    .map((m) => {
      const payload = (m.payload ?? {}) as { text?: string; blocks?: Block[] };
      const buttons = (payload.blocks ?? []).flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []));
      const answers = state.slackResponses.filter((r) => r.id.startsWith(`m${m.index}-`));
      const controls = buttons
        .map((b) =>
          b.url
            ? `<a class="btn" href="${esc(b.url)}" target="_blank" rel="noopener">${esc(b.text?.text ?? "Open")}</a>`
            : `<button name="action" value="${esc(`${b.action_id ?? ""}|${b.value ?? ""}`)}" class="btn ${b.action_id === "keyless_deny" ? "deny" : "ok"}">${esc(b.text?.text ?? "")}</button>`,
        )
        .join(" ");
      const who = buttons.some((b) => !b.url)
        ? `<label>as <select name="user">${SLACK_USERS.map((u) => `<option value="${u.id}"${u.email.startsWith("mona") ? " selected" : ""}>${esc(u.email)}</option>`).join("")}</select></label>`
        : "";
      const replies = answers
        .map((a) => {
          const p = (a.payload ?? {}) as { text?: string; replace_original?: boolean };
          return `<div class="reply ${p.replace_original ? "replaced" : "ephemeral"}">${p.replace_original ? "Message updated" : "Only visible to you"}: ${esc(p.text ?? "")}</div>`;
        })
        .join("");
      // As Slack shows it: the blocks (plain_text as written), else the fallback text.
      const sections = (payload.blocks ?? []).filter((b) => b.type === "section" && typeof b.text?.text === "string");
      const body = sections.length
        ? sections.map((b, i) => `<pre class="${i > 0 ? "risk" : ""}">${esc(b.text?.text ?? "")}</pre>`).join("")
        : `<pre>${esc(payload.text ?? "")}</pre>`;
      return `<li><div class="meta">#keyless-approvals · ${esc(m.receivedAt)}</div>${body}
        <form method="post" action="/slack/click"><input type="hidden" name="message" value="${m.index}">${controls} ${who}</form>${replies}</li>`;
    })
    .join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>Sandbox Slack</title><style>
    body{font:14px system-ui,sans-serif;max-width:860px;margin:2rem auto;color:#1d1c1d}
    h1{font-size:20px} ul{list-style:none;padding:0} li{border:1px solid #ddd;border-radius:8px;padding:12px;margin:10px 0}
    pre{white-space:pre-wrap;font:inherit;margin:6px 0} .meta{color:#616061;font-size:12px}
    pre.risk{border-left:3px solid #e01e5a;padding-left:8px;color:#3f0e1f}
    .btn{border:1px solid #bbb;border-radius:4px;padding:4px 10px;background:#fff;cursor:pointer;text-decoration:none;color:inherit;font:inherit}
    .ok{background:#007a5a;color:#fff;border-color:#007a5a} .deny{background:#e01e5a;color:#fff;border-color:#e01e5a}
    .reply{margin-top:8px;padding:6px 8px;border-left:3px solid #1264a3;background:#f4f8fb} .ephemeral{border-color:#e8912d;background:#fdf6ec}
  </style></head><body><h1>Sandbox Slack · #keyless-approvals</h1>
  <p>Messages Keyless sent to the sandbox's Slack webhook. Approve or Deny as a workspace member: this page posts a signed interaction to Keyless, as Slack would.</p>
  <ul>${messages || "<li>No messages yet. Request access in Keyless to see one here.</li>"}</ul></body></html>`;
}

/** Sends what Slack sends when `user` clicks a button of message `message`; returns where to go next. */
export async function clickButton(rawBody: string, state: StandinState, urls: { app: string; self: string }): Promise<void> {
  const form = new URLSearchParams(rawBody);
  const index = Number(form.get("message"));
  const [actionId, value] = (form.get("action") ?? "").split("|");
  const user = SLACK_USERS.find((u) => u.id === form.get("user"));
  if (!Number.isInteger(index) || !state.slack[index] || !actionId || !value || !user) return;
  const responseId = `m${index}-${state.slackResponses.length + 1}`;
  const payload = {
    type: "block_actions",
    user: { id: user.id, username: user.email.split("@")[0], team_id: "TSANDBOX" },
    actions: [{ type: "button", action_id: actionId, value, block_id: "actions", action_ts: String(Date.now() / 1000) }],
    response_url: `${urls.self}/slack/responses/${responseId}`,
    trigger_id: `${Date.now()}.sandbox`,
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const res = await fetch(`${urls.app}/api/slack/interactions`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Slack-Request-Timestamp": timestamp,
      "X-Slack-Signature": slackSignature(SLACK_APP.signingSecret, timestamp, body),
    },
    body,
    signal: AbortSignal.timeout(15_000),
  }).catch(() => null);
  if (!res || !res.ok) {
    state.slackResponses.push({
      id: responseId,
      payload: { replace_original: false, text: `Slack could not reach Keyless (${res ? `HTTP ${res.status}` : "no answer"}).` },
      receivedAt: new Date().toISOString(),
    });
  }
}
