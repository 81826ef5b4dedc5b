// A local SMTP server that keeps every message it receives, with an inbox page and a JSON
// view, so the sandbox's email notifications can be seen (demo) and asserted (tests).
import { createServer } from "node:http";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { escapeHtml } from "./pages";
import { envPort, isMain, listenLocal, portBusyError, runStandalone } from "./shared";

export type Mail = { id: number; at: string; from: string; to: string[]; subject: string; text: string; html: string };
export type MailSinkHandle = { smtpUrl: string; inboxUrl: string; messages: Mail[]; stop(): Promise<void> };

export async function startMailSink(options: { smtpPort?: number; httpPort?: number } = {}): Promise<MailSinkHandle> {
  const smtpPort = options.smtpPort ?? envPort("KEYLESS_SMTP_PORT", 2525);
  const httpPort = options.httpPort ?? envPort("KEYLESS_MAIL_UI_PORT", 8025);
  const messages: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push({
            id: messages.length + 1,
            at: new Date().toISOString(),
            from: parsed.from?.text ?? "",
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? portBusyError(smtpPort, { service: "Sandbox SMTP", envVar: "KEYLESS_SMTP_PORT" }) : err),
    );
    smtp.listen(smtpPort, "127.0.0.1", () => resolve());
  });
  // A client that drops its connection mid-message (a worker SIGKILLed while sending, as the
  // crash and reliability tests do) makes the server emit "error": without a listener that
  // would take down the whole sandbox with it.
  smtp.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "ECONNRESET" && err.code !== "EPIPE") console.error("[sandbox mail]", err.message);
  });

  const web = await listenLocal(
    () =>
      createServer((req, res) => {
        if (req.url?.startsWith("/messages.json")) {
          res.writeHead(200, { "Content-Type": "application/json" });
          res.end(JSON.stringify(messages));
          return;
        }
        const rows = [...messages]
          .reverse()
          .map(
            (m) =>
              `<article><h2>${escapeHtml(m.subject)}</h2><p class="meta">to ${escapeHtml(m.to.join(", "))} · ${escapeHtml(m.at)}</p>${
                m.html
                  ? // As a mail client shows it: the HTML part, in a sandboxed frame (no scripts, no navigation).
                    `<iframe sandbox="" title="HTML part" srcdoc="${escapeHtml(m.html)}" style="width:100%;border:0;height:460px"></iframe>`
                  : `<pre>${escapeHtml(m.text)}</pre>`
              }</article>`,
          )
          .join("");
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end(
          `<!doctype html><meta charset="utf-8"><title>Sandbox inbox</title><style>body{font:14px system-ui;max-width:760px;margin:2rem auto;padding:0 1rem;color:#0f172a}article{border:1px solid #e2e8f0;border-radius:8px;padding:12px 16px;margin:12px 0}h2{font-size:15px;margin:0}.meta{color:#64748b;font-size:12px}pre{white-space:pre-wrap;font:13px ui-monospace,monospace}</style><h1>Sandbox inbox (${messages.length})</h1>${rows || "<p>No mail yet.</p>"}`,
        );
      }),
    httpPort,
    { service: "Sandbox mail inbox", envVar: "KEYLESS_MAIL_UI_PORT" },
  );

  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    inboxUrl: `http://localhost:${httpPort}`,
    messages,
    stop: async () => {
      await web.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}

if (isMain(import.meta.url)) {
  runStandalone(
    "mail sink",
    () => startMailSink(),
    (h) => `SMTP ${h.smtpUrl}, inbox ${h.inboxUrl}`,
  );
}
