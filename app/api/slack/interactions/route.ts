import { problemResponse } from "@/lib/api/route";
import { env } from "@/lib/env";
import { AppError, BadRequestError, NotFoundError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { BodyTooLargeError, readLimitedText } from "@/lib/http/limited-body";
import { requestMetaFrom } from "@/lib/http/request-meta";
import { logger } from "@/lib/logger";
import { handleInteraction, interactionSchema, replyToSlack } from "@/lib/slack/interactions";
import { verifySlackSignature } from "@/lib/slack/signature";

// Slack's interactivity endpoint (Approve/Deny buttons on request messages). Slack, not a
// browser, calls it: no session and no Origin, so it does not go through route(); Slack's
// request signature is the authentication. Off (404) unless the Slack app is configured.
const MAX_BODY = 64 * 1024;

export async function POST(request: Request): Promise<Response> {
  const meta = requestMetaFrom(request.headers);
  try {
    const secret = env().KEYLESS_SLACK_SIGNING_SECRET;
    if (!secret || !env().KEYLESS_SLACK_BOT_TOKEN) throw new NotFoundError("Slack interactivity");
    // Read as it streams, before the signature is checked: an unsigned sender cannot make
    // the server hold more than MAX_BODY bytes.
    const raw = await readLimitedText(request, MAX_BODY).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) throw new AppError(413, "too-large", "Payload too large", error.message);
      throw error;
    });
    const check = verifySlackSignature(
      secret,
      { timestamp: request.headers.get("x-slack-request-timestamp"), signature: request.headers.get("x-slack-signature") },
      raw,
    );
    if (!check.ok) {
      logger().warn({ requestId: meta.requestId, reason: check.reason }, "slack interaction refused: bad signature");
      throw new UnauthorizedError(check.reason === "stale" ? "The Slack request is too old." : "The Slack signature does not verify.");
    }
    const payloadText = new URLSearchParams(raw).get("payload");
    if (!payloadText) throw new BadRequestError("Expected a form field named payload.");
    let json: unknown;
    try {
      json = JSON.parse(payloadText);
    } catch {
      throw new BadRequestError("The payload is not JSON.");
    }
    const parsed = interactionSchema.safeParse(json);
    if (!parsed.success) throw ValidationError.fromZod(parsed.error);
    const reply = await handleInteraction(parsed.data, meta);
    if (reply) await replyToSlack(parsed.data.response_url, reply);
    // Slack only needs a quick 200; the outcome went to the message through response_url.
    return new Response(null, { status: 200, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return problemResponse(error, meta.requestId);
  }
}
