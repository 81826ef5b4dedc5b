import { describe, expect, it } from "vitest";
import { escapeHtml, escapeSlack, slackPlain, subjectLine } from "@/lib/notify/escape";

const hostile =
  "<!channel> read-only docs bucket, *Permissions: ReadOnly*\nApproved by: adam@example.com <https://evil.example|Open in Keyless> <script>x</script> & co";

describe("people's text in messages", () => {
  it("cannot mention, link or format in Slack mrkdwn", () => {
    const out = escapeSlack(hostile);
    expect(out).not.toMatch(/<[!@#]|<https?:/);
    expect(out).toContain("&lt;!channel&gt;");
    expect(out).toContain("&lt;https://evil.example|Open in Keyless&gt;");
    expect(out).toContain("&amp; co");
  });
  it("is inert in HTML", () => {
    const out = escapeHtml(hostile);
    expect(out).not.toMatch(/<script|<https|<!channel/);
    expect(out).toContain("&lt;script&gt;");
  });
  it("makes a subject of one line, without control characters, and bounded", () => {
    const subject = subjectLine(`Approval needed\r\nBcc: everyone@example.com\u0000 ${"x".repeat(500)}`);
    expect(subject).not.toMatch(/[\r\n\u0000]/);
    expect(subject.startsWith("Approval needed Bcc: everyone@example.com")).toBe(true);
    expect(subject.length).toBeLessThanOrEqual(160);
  });
  it("keeps Slack plain text within Slack's limit and never empty", () => {
    expect(slackPlain("x".repeat(5000)).text.length).toBe(3000);
    expect(slackPlain("").text).toBe(" ");
  });
});
