import { route } from "@/lib/api/route";
import { startDeviceAuthorization } from "@/lib/cli-auth/device";
import { deviceAuthorizeRequestSchema, deviceAuthorizeResponseSchema } from "@/lib/cli-auth/schemas";

export const POST = route({
  permission: "public",
  summary: "Start a CLI sign-in (device authorization)",
  description:
    "OAuth 2.0 Device Authorization Grant (RFC 8628 §3.1), with a JSON body. Show the user_code and verification_uri to the person, then poll /api/v1/device/token every `interval` seconds. Rate limited per client address.",
  tags: ["CLI sign-in"],
  body: deviceAuthorizeRequestSchema,
  response: deviceAuthorizeResponseSchema,
  errors: [429],
  handler: async ({ body, meta, reply }) => reply(await startDeviceAuthorization(body, meta)),
});
