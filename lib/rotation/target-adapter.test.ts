import { describe, expect, it } from "vitest";
import { holdingFrom, targetPort, type TargetCalls } from "@/lib/rotation/target-adapter";
import { TargetError } from "@/lib/targets/errors";

const OLD = "AKIAOLDOLDOLDOLD1234";
const NEW = "AKIANEWNEWNEWNEW5678";

function calls(overrides: Partial<TargetCalls> = {}): TargetCalls {
  return {
    write: async () => undefined,
    currentKeyId: async () => ({ kind: "absent" }),
    verify: async (id) => ({ ok: true, detail: `holds ${id}` }),
    ...overrides,
  };
}

describe("holdingFrom: what the target shows, judged against the expected key ids", () => {
  it("an exact key id is reported as it is, candidate or not", () => {
    expect(holdingFrom({ kind: "exact", accessKeyId: OLD }, [OLD])).toEqual({ kind: "key", accessKeyId: OLD });
    expect(holdingFrom({ kind: "exact", accessKeyId: "AKIAELSE" }, [OLD])).toEqual({ kind: "key", accessKeyId: "AKIAELSE" });
  });

  it("a suffix that matches one candidate is that key", () => {
    expect(holdingFrom({ kind: "suffix", suffix: "5678", hint: "last 4" }, [NEW, OLD])).toEqual({ kind: "key", accessKeyId: NEW });
  });

  it("a suffix that matches no candidate is another key, described with the service's hint", () => {
    expect(holdingFrom({ kind: "suffix", suffix: "WXYZ", hint: "CircleCI shows only the last 4 characters" }, [OLD])).toEqual({
      kind: "other",
      description: "a key ending in WXYZ (CircleCI shows only the last 4 characters)",
    });
  });

  it("a suffix that matches two candidates cannot tell them apart", () => {
    expect(holdingFrom({ kind: "suffix", suffix: "1234", hint: "" }, ["AKIAA1234", "AKIAB1234"])).toEqual({ kind: "unknown" });
  });

  it("absent is none; unknown stays unknown", () => {
    expect(holdingFrom({ kind: "absent" }, [OLD])).toEqual({ kind: "none" });
    expect(holdingFrom({ kind: "unknown", reason: "webhook" }, [OLD])).toEqual({ kind: "unknown" });
  });
});

describe("targetPort", () => {
  it("verification answers are conclusive", async () => {
    const port = targetPort(calls({ verify: async () => ({ ok: false, detail: "holds another key" }) }));
    expect(await port.verify(NEW)).toEqual({ ok: false, detail: "holds another key", conclusive: true });
  });

  it("a passing failure during verification is inconclusive (retry, never roll back)", async () => {
    const port = targetPort(
      calls({
        verify: async () => {
          throw new TargetError("gitlab", "unavailable", "GitLab: the service is failing (HTTP 503)", true, 503);
        },
      }),
    );
    expect(await port.verify(NEW)).toEqual({ ok: false, detail: "GitLab: the service is failing (HTTP 503)", conclusive: false });
  });

  it("a refused token during verification is thrown, so the machine fails without rolling back", async () => {
    const refused = new TargetError("gitlab", "auth", "GitLab: the API token was refused (HTTP 401)", false, 401);
    const port = targetPort(calls({ verify: async () => Promise.reject(refused) }));
    await expect(port.verify(NEW)).rejects.toBe(refused);
  });

  it("retryable means a TargetError that says so, nothing else", () => {
    const port = targetPort(calls());
    expect(port.isRetryable(new TargetError("webhook", "network", "x", true))).toBe(true);
    expect(port.isRetryable(new TargetError("webhook", "auth", "x", false))).toBe(false);
    expect(port.isRetryable(Object.assign(new Error("x"), { retryable: true }))).toBe(false);
  });

  it("holding asks the connector and maps with the candidates", async () => {
    const port = targetPort(calls({ currentKeyId: async () => ({ kind: "suffix", suffix: "1234", hint: "h" }) }));
    expect(await port.holding([OLD])).toEqual({ kind: "key", accessKeyId: OLD });
  });
});
