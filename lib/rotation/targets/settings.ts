import { z } from "zod";

// Building blocks shared by the connectors' settings schemas.

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * An API base URL: https, or plain http only to this machine (the sandbox stand-ins). The
 * token travels in a header of every call, so it must not cross a network unencrypted.
 */
export function serviceUrl(defaultUrl?: string) {
  const schema = z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .refine((value) => {
      const u = new URL(value);
      return u.protocol === "https:" || LOOPBACK.has(u.hostname);
    }, "must use https (plain http is allowed only to localhost)")
    .refine((value) => !new URL(value).username && !new URL(value).password, "must not contain credentials; use the token field")
    .transform((value) => value.replace(/\/+$/, ""));
  return defaultUrl === undefined ? schema : schema.default(defaultUrl);
}

/** A CI variable / secret name, as GitHub, GitLab, Travis and CircleCI all accept. */
export function variableName(defaultName: string) {
  return z
    .string()
    .trim()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be letters, digits and underscores, not starting with a digit")
    .max(200)
    .default(defaultName);
}

export const DEFAULT_ACCESS_KEY_ID_NAME = "AWS_ACCESS_KEY_ID";
export const DEFAULT_SECRET_ACCESS_KEY_NAME = "AWS_SECRET_ACCESS_KEY";

/** Rejects settings that would write both halves of the key into one variable. */
export function distinctNames<T extends Record<string, unknown>>(fields: (keyof T & string)[]) {
  return (settings: T, ctx: z.RefinementCtx) => {
    const seen = new Map<string, string>();
    for (const field of fields) {
      const name = String(settings[field]).toUpperCase();
      const other = seen.get(name);
      if (other) ctx.addIssue({ code: "custom", path: [field], message: `must differ from ${other}` });
      seen.set(name, field);
    }
  };
}

export const userAgent = "Keyless-Rotation/1.0";
