import { describe, expect, it } from "vitest";
import { applyExport, describeProfile } from "./credentials-file.js";

const mine = `# my credentials, by hand
[default]
aws_access_key_id = AKIAOLDKEY
aws_secret_access_key = old/secret ; odd spacing kept

[work]
region=us-east-2
   aws_access_key_id=AKIAWORK
`;

const creds = (n: number) => ({
  accessKeyId: `ASIA${n}`,
  secretAccessKey: `secret${n}`,
  sessionToken: `token${n}`,
  expiration: `2026-12-06T2${n}:00:00Z`,
});

describe("applyExport", () => {
  it("appends a marked block and keeps everything else byte for byte", () => {
    const out = applyExport(mine, "legacy", creds(1), "for 111111111111/Dev");
    expect(out.startsWith(mine)).toBe(true);
    expect(out.slice(mine.length)).toBe(
      "\n[legacy]\n# keyless: for 111111111111/Dev; expires 2026-12-06T21:00:00Z\naws_access_key_id = ASIA1\naws_secret_access_key = secret1\naws_session_token = token1\n",
    );
    expect(describeProfile(out, "legacy")).toEqual({ exists: true, ours: true, hasKeys: true });
    expect(describeProfile(out, "work")).toEqual({ exists: true, ours: false, hasKeys: true });
  });

  it("refreshes the block in place, then removes it, leaving the file as it was", () => {
    const first = applyExport(mine, "legacy", creds(1));
    const second = applyExport(first, "legacy", creds(2));
    expect(second).toContain("aws_session_token = token2");
    expect(second).not.toContain("token1");
    expect(second.startsWith(mine)).toBe(true);
    expect(applyExport(second, "legacy", null)).toBe(mine);
  });

  it("edits a block in the middle without moving its neighbours", () => {
    const middle = `[a]\nx = 1\n\n[legacy]\n# keyless: old; expires 2026-12-06T20:00:00Z\naws_access_key_id = ASIA0\naws_secret_access_key = s\naws_session_token = t\n\n# about b\n[b]\ny = 2\n`;
    expect(applyExport(middle, "legacy", creds(3))).toBe(
      "[a]\nx = 1\n\n[legacy]\n# keyless: written by `keyless export`; expires 2026-12-06T23:00:00Z\naws_access_key_id = ASIA3\naws_secret_access_key = secret3\naws_session_token = token3\n\n# about b\n[b]\ny = 2\n",
    );
    expect(applyExport(middle, "legacy", null)).toBe("[a]\nx = 1\n\n# about b\n[b]\ny = 2\n");
  });

  it("keeps CRLF line endings and a setting someone added to the block", () => {
    const crlf = "[a]\r\nx = 1\r\n";
    const out = applyExport(crlf, "legacy", creds(1));
    expect(out.split("\r\n").length).toBe(out.split("\n").length);
    const withRegion = out + "region = eu-west-1\r\n";
    const refreshed = applyExport(withRegion, "legacy", creds(2));
    expect(refreshed).toContain("aws_session_token = token2\r\nregion = eu-west-1\r\n");
    // Removing the keys leaves the person's setting under its header.
    expect(applyExport(refreshed, "legacy", null)).toBe(`${crlf}\r\n[legacy]\r\nregion = eu-west-1\r\n`);
  });

  it("writes into an empty file and empties it again", () => {
    const out = applyExport("", "legacy", creds(1));
    expect(out.startsWith("[legacy]\n# keyless:")).toBe(true);
    expect(applyExport(out, "legacy", null)).toBe("");
    expect(applyExport(mine, "absent", null)).toBe(mine);
  });

  it("replaces a hand-written profile's keys only when asked, and keeps its other lines", () => {
    expect(describeProfile(mine, "default")).toEqual({ exists: true, ours: false, hasKeys: true });
    const forced = applyExport(mine, "work", creds(1));
    expect(forced).toContain("[work]\n# keyless:");
    expect(forced).toContain("aws_session_token = token1\nregion=us-east-2\n");
    expect(forced).not.toContain("AKIAWORK");
    expect(forced.startsWith(mine.slice(0, mine.indexOf("[work]")))).toBe(true);
  });

  it("refuses names that could break out of a header, and duplicate sections", () => {
    expect(() => applyExport(mine, "a]\n[default", creds(1))).toThrow(/not a profile name/);
    expect(() => applyExport(mine, "", creds(1))).toThrow(/not a profile name/);
    expect(() => applyExport("[x]\n[x]\n", "x", creds(1))).toThrow(/appears 2 times/);
    expect(describeProfile("[ x ]\naws_access_key_id=1\n", "x").hasKeys).toBe(true);
  });
});
