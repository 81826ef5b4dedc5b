// HTML for the sandbox IdP and federation stand-in: plain server-rendered pages with inline CSS, no scripts,
// so they work in any browser test and need nothing from the internet.

export interface HintUser {
  email: string;
  name: string;
  groups: string[];
}

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const css = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;padding:24px;
  font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937;background:#f3f4f6}
main{width:100%;max-width:380px}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:12px;padding:28px;box-shadow:0 1px 3px rgba(0,0,0,.06)}
.brand{display:flex;align-items:center;gap:10px;margin:0 0 4px}
.logo{width:28px;height:28px;border-radius:7px;background:#4338ca;color:#fff;display:grid;place-items:center;font-weight:700;font-size:14px}
h1{font-size:19px;margin:0}
.sub{color:#6b7280;margin:0 0 20px;font-size:14px}
label{display:block;font-weight:600;font-size:14px;margin:14px 0 6px}
input{width:100%;padding:9px 11px;font:inherit;border:1px solid #d1d5db;border-radius:8px;background:#fff;color:inherit}
input:focus,button:focus,a:focus{outline:3px solid #a5b4fc;outline-offset:1px;border-color:#4338ca}
button{width:100%;margin-top:20px;padding:10px;font:inherit;font-weight:600;border:0;border-radius:8px;background:#4338ca;color:#fff;cursor:pointer}
button:hover{background:#3730a3}
button.secondary{margin-top:10px;background:#fff;color:#374151;border:1px solid #d1d5db}
.error{margin:0 0 4px;padding:10px 12px;border-radius:8px;background:#fef2f2;color:#991b1b;border:1px solid #fecaca;font-size:14px}
.hint{margin-top:16px;padding:14px 16px;border-radius:10px;background:#eef2ff;border:1px solid #e0e7ff;font-size:13px;color:#3730a3}
.hint h2{font-size:13px;margin:0 0 6px;text-transform:uppercase;letter-spacing:.04em}
.hint ul{margin:0;padding:0;list-style:none}
.hint li{padding:4px 0}
.hint code{font:12.5px ui-monospace,SFMono-Regular,Menlo,monospace;color:#1e1b4b}
.groups{color:#6366f1}
`;

const IDP = "Keyless sandbox IdP";

/** A page; `wide` for tables (the IdP's admin page), `extraCss` for what only that page needs. */
export function layout(title: string, body: string, brand = IDP, opts: { wide?: boolean; extraCss?: string } = {}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(brand)}</title><style>${css}${opts.extraCss ?? ""}</style></head>
<body${opts.wide ? ' class="wide"' : ""}><main>${body}</main></body></html>`;
}

export function header(subtitle: string, brand = IDP): string {
  return `<div class="brand"><span class="logo" aria-hidden="true">${escapeHtml(brand[0] ?? "")}</span><h1>${escapeHtml(brand)}</h1></div>
<p class="sub">${escapeHtml(subtitle)}</p>`;
}

export function loginPage(opts: { action: string; clientName: string; email?: string; error?: string; users: HintUser[] }): string {
  const error = opts.error ? `<p class="error" role="alert" id="login-error">${escapeHtml(opts.error)}</p>` : "";
  const described = opts.error ? ` aria-describedby="login-error" aria-invalid="true"` : "";
  const users = opts.users
    .map(
      (u) =>
        `<li><code>${escapeHtml(u.email)}</code><br>${escapeHtml(u.name)} <span class="groups">· ${escapeHtml(u.groups.join(", "))}</span></li>`,
    )
    .join("");
  return layout(
    "Sign in",
    `<div class="card">${header(`Sign in to continue to ${opts.clientName}`)}${error}
<form method="post" action="${escapeHtml(opts.action)}" novalidate>
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required autofocus value="${escapeHtml(opts.email ?? "")}"${described}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}>
<button type="submit">Sign in</button>
</form></div>
<section class="hint" aria-labelledby="hint-title"><h2 id="hint-title">Demo users</h2>
<ul>${users}</ul><p style="margin:8px 0 0">Password for all: <code>demo</code></p></section>`,
  );
}

/** oidc-provider supplies `form` (hidden xsrf field, id "op.logoutForm"); the buttons submit it. */
export function logoutPage(form: string): string {
  return layout(
    "Sign out",
    `<div class="card">${header("Do you want to sign out of the sandbox IdP?")}${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button></div>`,
  );
}

/** A card with a message; `lines` are further escaped paragraphs, `brand` replaces the IdP name. */
export function messagePage(title: string, message: string, opts: { brand?: string; lines?: string[] } = {}): string {
  const paragraphs = [message, ...(opts.lines ?? [])].map((l) => `<p style="margin:0 0 8px">${escapeHtml(l)}</p>`);
  return layout(title, `<div class="card">${header(title, opts.brand)}${paragraphs.join("")}</div>`, opts.brand);
}
