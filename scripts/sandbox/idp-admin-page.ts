// The sandbox IdP's admin page: users with their groups and status, a form to create one,
// and what the last change pushed to Keyless over SCIM. Plain HTML forms, no script, in the
// style of the IdP's other pages (pages.ts).
import type { PushResult } from "./idp-provisioning";
import type { IdpUser } from "./idp-users";
import { escapeHtml as e, header, layout } from "./pages";

const css = `
body.wide{align-items:flex-start}
body.wide main{max-width:980px}
.card+.card,.card+.push{margin-top:16px}
.push+.card{margin-top:16px}
h2{font-size:15px;margin:0 0 12px}
.muted{color:#6b7280;font-size:13px}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,monospace}
.target{margin:0;font-size:13px;color:#4b5563}
table{width:100%;border-collapse:collapse;font-size:14px}
th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#6b7280;padding:0 10px 8px}
td{padding:12px 10px;border-top:1px solid #e5e7eb;vertical-align:top}
.chips{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.chip{display:inline-flex;align-items:center;gap:5px;margin:0;padding:3px 9px;border:1px solid #d1d5db;border-radius:999px;font-weight:500;font-size:13px;background:#f9fafb;cursor:pointer}
.chip input{width:auto;margin:0}
.chip:has(input:checked){background:#eef2ff;border-color:#a5b4fc;color:#3730a3}
input.add{width:130px;padding:4px 8px;font-size:13px}
button.small{width:auto;margin:0;padding:5px 12px;font-size:13px}
button.danger{background:#fff;color:#b91c1c;border:1px solid #fecaca}
button.danger:hover{background:#fef2f2}
.status{display:flex;flex-direction:column;align-items:flex-start;gap:8px}
.badge{display:inline-block;padding:2px 9px;border-radius:999px;font-size:12px;font-weight:600}
.badge.on{background:#dcfce7;color:#166534}
.badge.off{background:#fee2e2;color:#991b1b}
.push{padding:14px 18px;border-radius:12px;border:1px solid #bbf7d0;background:#f0fdf4;font-size:14px}
.push.failed{border-color:#fecaca;background:#fef2f2}
.push h2{margin:0 0 6px}
.push ul{margin:0;padding-left:18px}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:0 16px}
.grid label{margin-top:0}
form.inline{display:contents}
`;

export type AdminView = { users: IdpUser[]; groups: string[]; target: string; synced: boolean; shown?: PushResult; error?: string };

export function adminPage(view: AdminView): string {
  const status = view.synced
    ? `<span class="badge on">in sync</span>`
    : `<span class="badge off">not pushed yet: waiting for Keyless</span>`;
  const body = `<div class="card">${header("Admin: users and groups. Every change is pushed to Keyless over SCIM, as Okta does.")}
<p class="target">SCIM target <code>${e(view.target)}</code> · ${status}</p></div>
${view.error ? `<div class="push failed" role="alert"><h2>Not saved</h2>${e(view.error)}</div>` : ""}
${view.shown ? pushBox(view.shown) : ""}
<div class="card"><h2>Users</h2><table>
<thead><tr><th scope="col">Person</th><th scope="col">Groups</th><th scope="col">Status</th></tr></thead>
<tbody>${view.users.map((u) => userRow(u, view.groups)).join("")}</tbody></table></div>
<div class="card"><h2>Create user</h2>${createForm(view.groups)}
<p class="muted" style="margin:12px 0 0">Every user signs in with the password <code>demo</code>.</p></div>`;
  return layout("Admin", body, undefined, { wide: true, extraCss: css });
}

function pushBox(result: PushResult): string {
  const lines = result.lines
    .map(
      (l) =>
        `<li><code>${e(l.method)} ${e(readable(l.path))}</code> → <strong>${l.status ?? "no answer"}</strong>${l.detail ? ` <span class="muted">${e(l.detail)}</span>` : ""}</li>`,
    )
    .join("");
  const title = result.ok ? `Pushed to Keyless: ${e(result.what)}` : `Not pushed to Keyless: ${e(result.what)}`;
  const error = result.error ? `<p style="margin:0 0 6px">${e(result.error)}</p>` : "";
  return `<div class="push${result.ok ? "" : " failed"}" role="status"><h2>${title}</h2>${error}<ul>${lines || "<li>No call was needed.</li>"}</ul></div>`;
}

/** `/Users?filter=userName%20eq%20…` as a person reads it. */
function readable(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function groupChips(groups: string[], checked: string[]): string {
  return groups
    .map(
      (g) =>
        `<label class="chip"><input type="checkbox" name="group" value="${e(g)}"${checked.includes(g) ? " checked" : ""}> ${e(g)}</label>`,
    )
    .join("");
}

function userRow(u: IdpUser, groups: string[]): string {
  const active = u.active !== false;
  const path = `/admin/users/${encodeURIComponent(u.sub)}`;
  return `<tr><td><strong>${e(u.name)}</strong><br><span class="muted">${e(u.email)}</span></td>
<td><form method="post" action="${path}/groups" class="chips" aria-label="Groups of ${e(u.email)}">${groupChips(groups, u.groups)}
<input class="add" name="newGroup" placeholder="Add group" aria-label="Add a group for ${e(u.email)}">
<button type="submit" class="small secondary" aria-label="Save groups of ${e(u.email)}">Save groups</button></form></td>
<td><div class="status"><span class="badge ${active ? "on" : "off"}">${active ? "Active" : "Deactivated"}</span>
<form method="post" action="${path}/active"><input type="hidden" name="active" value="${active ? "false" : "true"}">
<button type="submit" class="small${active ? " danger" : ""}" aria-label="${active ? "Deactivate" : "Reactivate"} ${e(u.email)}">${active ? "Deactivate" : "Reactivate"}</button></form></div></td></tr>`;
}

function createForm(groups: string[]): string {
  return `<form method="post" action="/admin/users"><div class="grid">
<div><label for="new-name">Name</label><input id="new-name" name="name" required placeholder="Bob Builder"></div>
<div><label for="new-email">Email</label><input id="new-email" name="email" type="email" required placeholder="bob@example.com"></div></div>
<label>Groups</label><div class="chips">${groupChips(groups, [])}<input class="add" name="newGroup" placeholder="Add group" aria-label="Add a group for the new user"></div>
<button type="submit" class="small" style="margin-top:16px">Create user</button></form>`;
}
