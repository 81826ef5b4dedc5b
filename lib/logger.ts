import "server-only";
import pino from "pino";
import { env } from "@/lib/env";

// Structured JSON logs. Secrets must never reach a log: besides never passing them, every
// logged object is scrubbed of keys that name a secret, at any depth (defence in depth).
const SECRET_KEY = /secret|token|password|passwd|authorization|cookie|credential|signin|private|apikey|api_key/i;
const AWS_SECRET_VALUE = /\b[A-Za-z0-9/+=]{40}\b/g;

export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[depth]";
  if (typeof value === "string") return value.replace(AWS_SECRET_VALUE, "[redacted]");
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: scrub(value.message, depth + 1), stack: value.stack };
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) ? "[redacted]" : scrub(v, depth + 1);
    }
    return out;
  }
  return value;
}

const globalForLog = globalThis as unknown as { keylessLogger?: pino.Logger };

export function logger(): pino.Logger {
  globalForLog.keylessLogger ??= pino({
    level: env().LOG_LEVEL,
    base: { service: "keyless" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (obj) => scrub(obj) as Record<string, unknown>,
    },
  });
  return globalForLog.keylessLogger;
}
