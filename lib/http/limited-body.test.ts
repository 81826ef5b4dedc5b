import { describe, expect, it } from "vitest";
import { BodyTooLargeError, readLimitedText } from "@/lib/http/limited-body";

/** A request whose body is an endless chunked stream, counting what the reader pulled. */
function endless(chunkBytes: number, headers: Record<string, string> = {}) {
  const seen = { pulled: 0, cancelled: false };
  const chunk = new Uint8Array(chunkBytes).fill(0x61);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulled++;
      controller.enqueue(chunk);
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  const request = new Request("http://app.test/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);
  return { request, seen };
}

describe("readLimitedText", () => {
  it("reads a body within the limit as UTF-8", async () => {
    const text = JSON.stringify({ name: "Zoë ✓" });
    const request = new Request("http://app.test/x", { method: "POST", body: text });
    expect(await readLimitedText(request, Buffer.byteLength(text))).toBe(text);
    expect(await readLimitedText(new Request("http://app.test/x", { method: "POST" }), 10)).toBe("");
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    const { request, seen } = endless(1024, { "content-length": String(10 * 1024 * 1024) });
    await expect(readLimitedText(request, 64 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(seen.pulled).toBeLessThanOrEqual(1); // a stream may pre-fill its first chunk; nothing is read
  });

  it("stops an endless chunked body just past the limit, and cancels the stream", async () => {
    const { request, seen } = endless(16 * 1024);
    const error = await readLimitedText(request, 64 * 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect((error as BodyTooLargeError).message).toBe("The body must be at most 65536 bytes.");
    // 64 KiB is 4 chunks; the fifth passes the limit. A stream's queue may hold one more.
    expect(seen.pulled).toBeLessThanOrEqual(6);
    await new Promise((ok) => setTimeout(ok, 0));
    expect(seen.cancelled).toBe(true);
  });

  it("counts bytes, not characters", async () => {
    const text = "€".repeat(30); // 90 bytes in UTF-8
    await expect(readLimitedText(new Request("http://app.test/x", { method: "POST", body: text }), 60)).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
  });
});
