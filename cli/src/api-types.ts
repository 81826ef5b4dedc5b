// The parts of the Keyless API (/api/v1, see /api/v1/openapi.json) the CLI uses, checked
// at the boundary: the server may be a different version than this CLI.

export type AwsRole = {
  id: string;
  accountId: string;
  accountName: string;
  roleName: string;
  roleArn: string;
  maxDurationSeconds: number;
  requiresApproval: boolean;
  deliveryMode?: string;
};

export type Credentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
  roleArn?: string;
  accountId?: string;
  durationSeconds?: number;
  cappedReason?: string;
};

export type TokenResponse = {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  session_id: string;
  session_expires_at: string;
  user: { email: string; name: string | null };
};

export type DeviceAuthorization = {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  expires_in: number;
  interval?: number;
};

export type Me = { email: string; name: string | null; roles: string[]; groups: string[]; awsSessionsRevokedAt?: string | null };

type Shape = Record<string, "string" | "number" | "boolean" | "object" | "string?" | "number?" | "boolean?" | "object?" | "string|null">;

/** Narrows `value` to T when it has the fields the CLI needs, or throws a clear error. */
export function expectShape<T>(value: unknown, shape: Shape, what: string): T {
  const fail = (field: string) =>
    new Error(`Keyless sent an unexpected ${what} (field “${field}”). Is the CLI up to date with the server?`);
  if (!value || typeof value !== "object" || Array.isArray(value)) throw fail("(root)");
  const obj = value as Record<string, unknown>;
  for (const [key, type] of Object.entries(shape)) {
    const v = obj[key];
    if (type === "string|null") {
      if (v !== null && typeof v !== "string") throw fail(key);
      continue;
    }
    const optional = type.endsWith("?");
    const base = type.replace("?", "");
    if (v === undefined && optional) continue;
    if (typeof v !== base || v === null) throw fail(key);
  }
  return value as T;
}

export const ROLE_SHAPE: Shape = {
  id: "string",
  accountId: "string",
  accountName: "string",
  roleName: "string",
  roleArn: "string",
  maxDurationSeconds: "number",
  requiresApproval: "boolean",
};
export const CREDENTIALS_SHAPE: Shape = {
  accessKeyId: "string",
  secretAccessKey: "string",
  sessionToken: "string",
  expiration: "string",
  cappedReason: "string?",
};
export const TOKEN_SHAPE: Shape = {
  access_token: "string",
  expires_in: "number",
  refresh_token: "string",
  session_id: "string",
  session_expires_at: "string",
  user: "object",
};
export const DEVICE_SHAPE: Shape = {
  device_code: "string",
  user_code: "string",
  verification_uri: "string",
  verification_uri_complete: "string?",
  expires_in: "number",
  interval: "number?",
};
export const ME_SHAPE: Shape = { email: "string", name: "string|null", roles: "object", groups: "object" };
