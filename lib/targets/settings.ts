import { z } from "zod";

// Building blocks shared by the connectors' settings schemas.

/**
 * An API base URL: http(s), without credentials. Whether it may be plain http, and where it
 * may point, is the address policy's to say (lib/net/target-policy.ts: checked when saved and
 * on every connection): it knows the sandbox flag and the addresses, so it gives the real
 * reason ("a cloud metadata service") where a scheme rule here would only say "use https".
 */
export function serviceUrl(defaultUrl?: string) {
  const schema = z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    // Refinements run even when the format check failed: a value that is no URL at all
    // is left to that check's message here, rather than thrown at as a TypeError (a 500).
    .refine((value) => {
      const url = URL.canParse(value) ? new URL(value) : null;
      return !url?.username && !url?.password;
    }, "must not contain credentials; use the token field")
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
