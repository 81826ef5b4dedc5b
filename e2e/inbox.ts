// The sandbox mail sink, read as a mail client would: every message with its text and HTML.

const inboxUrl = process.env.KEYLESS_TEST_INBOX_URL ?? "";

export type Mail = { to: string[]; subject: string; text: string; html?: string };

/** Messages to `email` whose subject matches, oldest first. */
export async function mailTo(email: string, subject: RegExp): Promise<Mail[]> {
  const messages = (await (await fetch(`${inboxUrl}/messages.json`)).json()) as Mail[];
  return messages.filter((m) => m.to.includes(email) && subject.test(m.subject));
}
