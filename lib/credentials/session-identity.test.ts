import { describe, expect, it } from "vitest";
import { sessionNameFromEmail, sessionTags } from "@/lib/credentials/session-identity";

const AWS_NAME = /^[\w+=,.@-]{2,64}$/;

describe("sessionNameFromEmail", () => {
  it("keeps an ordinary email as is (lowercased)", () => {
    expect(sessionNameFromEmail("Alice@Example.com")).toBe("alice@example.com");
  });
  it("replaces characters AWS refuses", () => {
    const name = sessionNameFromEmail("o'brien!#$%&*@exa mple.com");
    expect(name).toMatch(AWS_NAME);
    expect(name).toBe("o-brien------@exa-mple.com");
  });
  it("shortens long emails to 64 characters, keeping them distinct", () => {
    const a = sessionNameFromEmail(`${"a".repeat(70)}@example.com`);
    const b = sessionNameFromEmail(`${"a".repeat(71)}@example.com`);
    expect(a).toHaveLength(64);
    expect(a).toMatch(AWS_NAME);
    expect(a).not.toBe(b);
  });
  it("never starts with the reserved aws: prefix and is at least 2 characters", () => {
    expect(sessionNameFromEmail("aws:x@y.z").startsWith("aws:")).toBe(false);
    expect(sessionNameFromEmail("a")).toMatch(AWS_NAME);
  });
});

describe("sessionTags", () => {
  it("tags email and groups within AWS's value rules", () => {
    expect(sessionTags("Alice@example.com", ["engineering", "eng:leads", "a&b"])).toEqual([
      { key: "email", value: "alice@example.com" },
      { key: "groups", value: "engineering:eng_leads:a_b" },
    ]);
  });
  it("omits the groups tag when there are none, and bounds its length", () => {
    expect(sessionTags("a@b.c", [])).toHaveLength(1);
    const long = sessionTags(
      "a@b.c",
      Array.from({ length: 100 }, (_, i) => `group-${i}`),
    );
    expect(long[1]?.value.length).toBeLessThanOrEqual(256);
  });
});
