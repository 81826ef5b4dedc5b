import { BodyTooLargeError, readLimitedText } from "@/lib/http/limited-body";
import { ScimError } from "@/lib/scim/errors";

// What a SCIM request body may be before anything reads it: at most 64 KiB, counted as it
// streams in (lib/http/limited-body.ts), JSON sent as application/scim+json or
// application/json, no deeper than a SCIM resource can be, and no NUL character anywhere
// (PostgreSQL text cannot hold one). Each refusal is a 4xx.

export const MAX_BODY_BYTES = 64 * 1024;
/** A User with the enterprise extension nests four levels; leave room, refuse pathological input. */
const MAX_DEPTH = 16;
const JSON_TYPE = /^application\/(scim\+)?json\s*(;|$)/i;

export async function readScimBody(request: Request): Promise<unknown> {
  const text = await readLimitedText(request, MAX_BODY_BYTES).catch((error: unknown) => {
    throw error instanceof BodyTooLargeError ? tooLarge() : error;
  });
  if (!JSON_TYPE.test(request.headers.get("content-type") ?? "")) {
    throw new ScimError(415, undefined, "Send the body as application/scim+json (or application/json).");
  }
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new ScimError(400, "invalidSyntax", "The body is not valid JSON.");
  }
  checkShape(body);
  return body;
}

function tooLarge(): ScimError {
  return new ScimError(413, undefined, `The body must be at most ${MAX_BODY_BYTES} bytes.`);
}

/** Depth and NUL characters, walked without recursion so no input can exhaust the stack. */
export function checkShape(value: unknown): void {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: "(root)" }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === "string") {
      if (item.value.includes("\u0000")) throw nul(item.path);
      continue;
    }
    if (item.value === null || typeof item.value !== "object") continue;
    if (item.depth >= MAX_DEPTH) throw new ScimError(400, "invalidSyntax", `The body nests deeper than ${MAX_DEPTH} levels.`);
    for (const [key, child] of Object.entries(item.value)) {
      if (key.includes("\u0000")) throw nul(item.path);
      stack.push({ value: child, depth: item.depth + 1, path: item.path === "(root)" ? key : `${item.path}.${key}` });
    }
  }
}

function nul(path: string): ScimError {
  return new ScimError(400, "invalidValue", `${path.replace(/\u0000/g, "\\0")}: must not contain NUL characters.`);
}

/** A path or query value: refused before it reaches a query when it holds a NUL character. */
export function checkText(value: string, what: string): void {
  if (value.includes("\u0000")) throw new ScimError(400, "invalidValue", `${what} must not contain NUL characters.`);
}
