import { randomUUID } from "node:crypto";
import { z } from "zod";
import { callService, requireToken, type Service } from "./http";
import { serviceUrl, userAgent } from "./settings";
import type { TargetConnector, TargetContext } from "./types";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from "./webhook-signature";

// A generic HTTPS webhook: the receiver gets the new key in a signed JSON POST and must
// answer 2xx. Retries (5xx, 429, network) keep the same X-Keyless-Delivery id so a receiver
// can ignore duplicates. A receiver cannot tell Keyless which key it holds unless it offers
// a health URL: GET <healthUrl>?keyId=<id> (signed over an empty body) answering 2xx when it
// holds that key and 404/409 when it does not.

export const WEBHOOK_EVENT = "keyless.key_rotated";

const settingsSchema = z.object({
  url: serviceUrl(),
  healthUrl: serviceUrl().optional(),
});
export type WebhookSettings = z.output<typeof settingsSchema>;

function service(ctx: TargetContext<WebhookSettings>, secrets: string[]): Service {
  return {
    target: "webhook",
    label: "Webhook",
    notFound: "the receiver answered 404: check the webhook URL",
    refused: "the receiver refused the request: check that it has the same signing secret",
    secrets,
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
  };
}

export const HEALTH_CHECK_EVENT = "keyless.health_check";

/** Signed afresh per attempt (the timestamp moves); the delivery id stays for deduplication. */
const signedHeaders = (secret: string, body: string, event: string, delivery: string) => () => ({
  "content-type": "application/json",
  "user-agent": userAgent,
  [EVENT_HEADER]: event,
  [DELIVERY_HEADER]: delivery,
  [SIGNATURE_HEADER]: signatureHeader(secret, body),
});

export const webhookTarget: TargetConnector<WebhookSettings> = {
  type: "webhook",
  label: "Signed webhook",
  icon: "Webhook",
  fields: [
    { key: "url", label: "Receiver URL", kind: "url", placeholder: "https://logs.example.com/keyless", required: true },
    {
      key: "healthUrl",
      label: "Health URL",
      kind: "url",
      placeholder: "optional",
      hint: "GET ?keyId=… answering 2xx when it holds that key; without it, verification is the delivery's 2xx.",
    },
  ],
  settingsSchema,
  requiresToken: true,
  identity: ["url", "healthUrl"],
  urlFields: ["url", "healthUrl"],
  tokenLabel: "Signing secret (shared with the receiver)",
  describe: (s) => `Webhook ${new URL(s.url).origin}${new URL(s.url).pathname === "/" ? "" : "/…"}`,
  async write(ctx, key) {
    const secret = requireToken(ctx, "webhook", "Webhook");
    const body = JSON.stringify({
      event: WEBHOOK_EVENT,
      integration: ctx.integration ?? null,
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      rotatedAt: new Date().toISOString(),
    });
    const svc = service(ctx, [secret, key.secretAccessKey]);
    await callService(svc, {
      method: "POST",
      url: ctx.settings.url,
      headers: signedHeaders(secret, body, WEBHOOK_EVENT, randomUUID()),
      body,
    });
  },
  async currentKeyId() {
    return { kind: "unknown", reason: "a webhook receiver does not report which key it holds" };
  },
  async verify(ctx, expected) {
    const secret = requireToken(ctx, "webhook", "Webhook");
    if (!ctx.settings.healthUrl) {
      return { ok: true, detail: "the receiver acknowledged the delivery with HTTP 2xx; no health URL is configured to check again" };
    }
    const url = new URL(ctx.settings.healthUrl);
    url.searchParams.set("keyId", expected);
    const res = await callService(service(ctx, [secret]), {
      method: "GET",
      url: url.toString(),
      headers: signedHeaders(secret, "", HEALTH_CHECK_EVENT, randomUUID()),
      accept: [404, 409],
    });
    return res.status < 300
      ? { ok: true, detail: `the receiver's health URL confirms it holds ${expected}` }
      : { ok: false, detail: `the receiver's health URL says it does not hold ${expected} (HTTP ${res.status})` };
  },
};
