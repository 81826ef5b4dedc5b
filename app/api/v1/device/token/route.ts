import { route } from "@/lib/api/route";
import { exchangeDeviceCode } from "@/lib/cli-auth/device";
import { DEVICE_GRANT, tokenRequestSchema, tokenResponseSchema } from "@/lib/cli-auth/schemas";
import { refreshCliSession } from "@/lib/cli-auth/sessions";

export const POST = route({
  permission: "public",
  summary: "Get or refresh a CLI token",
  description:
    "With the device_code grant (RFC 8628 §3.4): tokens once the person approved, otherwise 400 with `error` authorization_pending, slow_down (wait `interval` seconds), access_denied or expired_token. With refresh_token (RFC 6749 §6): a new access token and a new refresh token; each refresh token works once, and using one twice revokes the session.",
  tags: ["CLI sign-in"],
  body: tokenRequestSchema,
  response: tokenResponseSchema,
  errors: [400, 429],
  handler: async ({ body, meta, reply }) =>
    reply(
      body.grant_type === DEVICE_GRANT
        ? await exchangeDeviceCode(body.device_code, meta)
        : await refreshCliSession(body.refresh_token, meta),
    ),
});
