import { describe, expect, it } from "vitest";
import { evidenceText } from "@/lib/retirement/evidence";

const base = {
  owner: "alice@example.com",
  ownerName: "Alice Engineer",
  accountName: "production",
  roleArn: "arn:aws:iam::222222222222:role/ReadOnly",
  kind: "credentials.issue",
  via: "token",
  issuedAt: new Date("2026-12-03T10:00:00Z"),
  keyLastUsedAt: new Date("2026-10-14T08:00:00Z"),
  keyCreatedAt: new Date("2025-01-01T00:00:00Z"),
};

describe("evidenceText", () => {
  it("names the person, the account and role, the way (CLI), the day, and the key's last use", () => {
    expect(evidenceText(base)).toBe(
      "Alice Engineer (alice@example.com) got credentials for production/ReadOnly via the CLI on 3 Dec 2026; key last used 14 Oct 2026",
    );
  });

  it("says web and console when the person opened the console in the browser", () => {
    expect(evidenceText({ ...base, kind: "console.open", via: "session", ownerName: null })).toBe(
      "alice@example.com opened the console as production/ReadOnly on the web on 3 Dec 2026; key last used 14 Oct 2026",
    );
  });

  it("says when a key was never used", () => {
    expect(evidenceText({ ...base, keyLastUsedAt: null })).toMatch(/key never used since it was created on 1 Jan 2025$/);
  });
});
