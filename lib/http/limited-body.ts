// Reads a request body up to a limit while it streams in: the one body reader of the API
// (lib/api/route.ts), the Slack endpoint and SCIM. A declared Content-Length over the limit
// is refused before reading anything; a body without one (chunked) is read chunk by chunk
// and abandoned as soon as it passes the limit, so at most `limit` bytes plus one chunk
// are ever held, however much the sender still means to send. Each caller turns the error
// into its own 413 (problem+json, or SCIM's error format).

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
  constructor(readonly limit: number) {
    super(`The body must be at most ${limit} bytes.`);
  }
}

/** The body as UTF-8 text (invalid sequences replaced, like Request.text()), or a BodyTooLargeError. */
export async function readLimitedText(request: Request, limit: number): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) throw new BodyTooLargeError(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop the stream here; the rest of the body is never read into memory.
      reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
