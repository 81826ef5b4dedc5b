// Text that came from people (a justification, a service name, a comment, a display name)
// must reach Slack and email as text, never as formatting, mentions, links or headers.

/** Slack's mrkdwn control characters: &, < and > (mentions, links and <!channel> need them). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** A mail subject: one line, no control characters (no header injection), bounded. */
export function subjectLine(text: string, max = 160): string {
  const flat = text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Slack's plain_text fields take at most 3,000 characters. */
export function slackPlain(text: string, max = 3000): { type: "plain_text"; text: string; emoji: false } {
  return { type: "plain_text", text: text.length > max ? `${text.slice(0, max - 1)}…` : text || " ", emoji: false };
}
