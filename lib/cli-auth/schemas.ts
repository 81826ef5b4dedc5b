import { z } from "zod";

// The device sign-in (RFC 8628) and CLI session API, as the routes validate and document it.
// Field names follow the RFC (snake_case) where the RFC names them.

const label = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\x00-\x1f\x7f]*$/, "must not contain control characters");

export const deviceAuthorizeRequestSchema = z.strictObject({
  client_name: label(64).default("keyless CLI").describe("What is asking, shown to the person who approves."),
  client_version: label(32).optional(),
  hostname: label(255).optional().describe("The machine's host name, shown to the person who approves."),
  platform: label(64).optional().describe("Operating system, e.g. “linux 6.1 x64”."),
});
export type DeviceAuthorizeRequest = z.infer<typeof deviceAuthorizeRequestSchema>;

export const deviceAuthorizeResponseSchema = z.object({
  device_code: z.string().describe("The CLI's secret for polling /api/v1/device/token."),
  user_code: z.string().describe("The code the person enters in the browser, e.g. WDJB-MJHT."),
  verification_uri: z.url(),
  verification_uri_complete: z.url(),
  expires_in: z.number().int(),
  interval: z.number().int().describe("Seconds to wait between polls."),
});

export const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

export const tokenRequestSchema = z.discriminatedUnion("grant_type", [
  z.strictObject({ grant_type: z.literal(DEVICE_GRANT), device_code: z.string().min(1).max(128) }),
  z.strictObject({ grant_type: z.literal("refresh_token"), refresh_token: z.string().min(1).max(128) }),
]);
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export const tokenResponseSchema = z.object({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int().describe("Seconds until the access token expires."),
  refresh_token: z.string().describe("Single use: each refresh returns a new one. Using an old one again revokes the session."),
  session_id: z.string(),
  session_expires_at: z.iso.datetime().describe("When the CLI session ends and `keyless login` is needed again."),
  user: z.object({ email: z.string(), name: z.string().nullable() }),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const cliSessionIdParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\w-]+$/, "id is not a valid id"),
});

export const cliSessionSchema = z.object({
  id: z.string(),
  clientName: z.string(),
  clientVersion: z.string().nullable(),
  hostname: z.string().nullable(),
  platform: z.string().nullable(),
  createdAt: z.iso.datetime(),
  createdIp: z.string().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  lastIp: z.string().nullable(),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  status: z.enum(["active", "expired", "revoked"]),
  current: z.boolean().describe("True for the session whose token made this request."),
});
export type CliSessionView = z.infer<typeof cliSessionSchema>;

export const cliSessionListSchema = z.object({ items: z.array(cliSessionSchema) });
