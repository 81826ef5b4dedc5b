// Receivers for what Keyless sends out: signed rotation webhooks (the generic webhook
// target) and Slack incoming-webhook messages (alerts). Both record what arrived so tests
// and the demo can show it.
import { DELIVERY_HEADER, SIGNATURE_HEADER, verifySignature } from "../../../lib/targets/webhook-signature";
import { header, match, nowIso, objectBody, reply, textReply, type Reply, type StandinRequest } from "./http";
import { SLACK_APP, SLACK_USERS, type StandinState, type WebhookDelivery } from "./state";

/**
 * POST /webhook/:name        a signed delivery; 401 when the signature does not verify
 * GET  /webhook/:name?keyId= the health check: 200 when the last valid delivery carried that key
 */
export function webhook(req: StandinRequest, state: StandinState): Reply {
  const params = match(req.segments, ":name");
  const receiver = params ? state.receivers.get(params.name) : undefined;
  if (!receiver) return reply(404, { error: "no such webhook receiver" });
  const check = verifySignature({ secret: receiver.secret, body: req.rawBody, header: header(req, SIGNATURE_HEADER) });

  if (req.method === "GET") {
    if (!check.ok) return reply(401, { error: `signature ${check.reason}` });
    const keyId = req.query.get("keyId");
    return keyId && receiver.heldKeyId === keyId ? reply(200, { holds: true, accessKeyId: keyId }) : reply(404, { holds: false });
  }
  if (req.method !== "POST") return reply(405, { error: "method not allowed" });
  const deliveryId = header(req, DELIVERY_HEADER) ?? null;
  const delivery: WebhookDelivery = {
    deliveryId,
    signature: check.ok ? "valid" : check.reason,
    duplicate: deliveryId !== null && receiver.deliveries.some((d) => d.deliveryId === deliveryId && d.signature === "valid"),
    receivedAt: nowIso(),
  };
  if (check.ok) {
    const body = objectBody(req);
    Object.assign(delivery, {
      event: body.event,
      integration: body.integration,
      accessKeyId: body.accessKeyId,
      secretAccessKey: body.secretAccessKey,
      rotatedAt: body.rotatedAt,
    });
    if (typeof body.accessKeyId === "string") receiver.heldKeyId = body.accessKeyId;
  }
  receiver.deliveries.push(delivery);
  if (!check.ok) return reply(401, { error: `signature ${check.reason}` });
  if (req.invalidJson) return reply(400, { error: "body is not JSON" });
  return reply(200, { received: true, duplicate: delivery.duplicate });
}

/**
 * POST /slack/services/T…/B…/…   an incoming webhook, with Slack's plain-text answers ("ok", "no_text", …)
 * GET  /slack/api/users.info      the Web API method Keyless asks who clicked a button (bot token)
 * POST /slack/responses/:id       a message's response_url: where Keyless reports the click's outcome
 */
export function slack(req: StandinRequest, state: StandinState): Reply {
  if (req.segments[0] === "api") return slackApi(req);
  if (req.segments[0] === "responses") {
    const id = match(req.segments, "responses/:id")?.id;
    if (!id || req.method !== "POST") return textReply(404, "no_service");
    if (req.invalidJson || req.body === undefined) return textReply(400, "invalid_payload");
    state.slackResponses.push({ id, payload: req.body, receivedAt: nowIso() });
    return textReply(200, "ok");
  }
  const params = match(req.segments, "services/:team/:bot/:secret");
  const hook = params ? `${params.team}/${params.bot}/${params.secret}` : "";
  if (!params || !state.slackHooks.has(hook)) return textReply(404, "no_service");
  if (req.method !== "POST") return textReply(405, "invalid_method");
  if (req.invalidJson || req.body === undefined) return textReply(400, "invalid_payload");
  const body = objectBody(req);
  if (typeof body.text !== "string" && !Array.isArray(body.blocks)) return textReply(400, "no_text");
  state.slack.push({ hook, payload: req.body, receivedAt: nowIso() });
  return textReply(200, "ok");
}

/** Slack's Web API answers 200 with {ok: false, error} for most failures. */
function slackApi(req: StandinRequest): Reply {
  if (req.segments[1] !== "users.info") return reply(404, { ok: false, error: "unknown_method" });
  if (header(req, "authorization") !== `Bearer ${SLACK_APP.botToken}`) return reply(200, { ok: false, error: "invalid_auth" });
  const id = req.query.get("user") ?? (typeof objectBody(req).user === "string" ? String(objectBody(req).user) : "");
  const member = SLACK_USERS.find((u) => u.id === id);
  if (!member) return reply(200, { ok: false, error: "user_not_found" });
  return reply(200, { ok: true, user: { id: member.id, deleted: false, is_bot: false, profile: { email: member.email } } });
}
