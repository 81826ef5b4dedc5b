// The sandbox IdP's admin page (/admin) and its JSON twin for tests (/admin/api), on the
// IdP's own origin, for loopback clients only. Both take the same path for a change: the
// directory is updated, a deactivated user's IdP sessions and grants end (their refresh
// tokens die with them), and the change is pushed to Keyless over SCIM at once.
import type { IncomingMessage, ServerResponse } from "node:http";
import { adminPage } from "./idp-admin-page";
import type { Provisioning, PushResult } from "./idp-provisioning";
import type { IdpDirectory, IdpUser, UserChange } from "./idp-users";

export type AdminDeps = {
  issuer: string;
  directory: IdpDirectory;
  provisioning: Provisioning | null;
  /** Ends the user's sessions and grants at the IdP (deactivation). */
  endSessions: (sub: string) => Promise<void>;
};

type Outcome = { user: IdpUser; push: PushResult | null };

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const MAX_BODY = 16 * 1024;

export function adminHandler(deps: AdminDeps) {
  const { directory, provisioning } = deps;
  const shown = new Map<string, PushResult>();

  async function change(sub: string, change: UserChange): Promise<Outcome> {
    const { before, after } = directory.update(sub, change);
    if (before.active !== false && after.active === false) await deps.endSessions(sub);
    const what = describe(before, after);
    const push = provisioning ? await provisioning.pushUser(what, before, after) : null;
    return { user: after, push };
  }

  async function create(input: { email: string; name: string; groups: string[] }): Promise<Outcome> {
    const user = directory.create(input);
    const push = provisioning ? await provisioning.pushUser(`Create ${user.email}`, null, user) : null;
    return { user, push };
  }

  function page(res: ServerResponse, status: number, extra: { shown?: PushResult; error?: string } = {}): void {
    const html = adminPage({
      users: directory.list(),
      groups: directory.knownGroups(),
      target: provisioning?.target ?? "(no SCIM target configured)",
      synced: provisioning?.hasSynced ?? false,
      ...extra,
    });
    res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(html);
  }

  function redirectWith(res: ServerResponse, push: PushResult | null): void {
    const id = String(shown.size + 1);
    if (push) shown.set(id, push);
    res.writeHead(303, { location: push ? `/admin?pushed=${id}` : "/admin" });
    res.end();
  }

  /** Handles /admin…; false when the path is not the admin's. */
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", deps.issuer);
    if (url.pathname !== "/admin" && !url.pathname.startsWith("/admin/")) return false;
    if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) return json(res, 403, { error: "The sandbox admin answers loopback clients only." });
    const api = url.pathname.startsWith("/admin/api/");
    const route = /^\/admin(?:\/api)?\/users(?:\/([^/]+))?(?:\/(active|groups))?$/.exec(url.pathname);
    try {
      if (req.method === "GET" && url.pathname === "/admin") {
        page(res, 200, { shown: shown.get(url.searchParams.get("pushed") ?? "") });
        return true;
      }
      if (req.method === "GET" && url.pathname === "/admin/api/users") return json(res, 200, { users: directory.list() });
      if (req.method !== "POST" || (!route && url.pathname !== "/admin/api/sync")) return json(res, 404, { error: "Not found." });
      if (api ? !/^application\/json\b/.test(req.headers["content-type"] ?? "") : !sameOrigin(req, deps.issuer)) {
        return json(res, 403, { error: "Cross-site request refused." });
      }
      if (url.pathname === "/admin/api/sync") {
        return json(res, 200, { push: provisioning ? await provisioning.fullSync() : null });
      }
      const body = await readBody(req);
      const sub = route?.[1] ? decodeURIComponent(route[1]) : undefined;
      const outcome = api ? await fromJson(body, sub) : await fromForm(body, sub, route?.[2]);
      if (api) return json(res, sub ? 200 : 201, outcome);
      redirectWith(res, outcome.push);
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (api) return json(res, 400, { error: message });
      page(res, 400, { error: message });
      return true;
    }
  };

  async function fromJson(body: string, sub: string | undefined): Promise<Outcome> {
    const input = JSON.parse(body || "{}") as { email?: unknown; name?: unknown; groups?: unknown; active?: unknown };
    const groups = Array.isArray(input.groups) ? input.groups.map(String) : undefined;
    const text = (v: unknown) => (typeof v === "string" ? v : "");
    if (!sub) return create({ email: text(input.email), name: text(input.name), groups: groups ?? [] });
    return change(sub, { ...(typeof input.active === "boolean" ? { active: input.active } : {}), ...(groups ? { groups } : {}) });
  }

  async function fromForm(body: string, sub: string | undefined, what: string | undefined): Promise<Outcome> {
    const form = new URLSearchParams(body);
    const groups = [...form.getAll("group"), ...(form.get("newGroup") ?? "").split(",")];
    if (!sub) return create({ email: form.get("email") ?? "", name: form.get("name") ?? "", groups });
    if (what === "active") return change(sub, { active: form.get("active") === "true" });
    return change(sub, { groups });
  }
}

function describe(before: IdpUser, after: IdpUser): string {
  if (before.active !== after.active) return `${after.active === false ? "Deactivate" : "Reactivate"} ${after.email}`;
  const added = after.groups.filter((g) => !before.groups.includes(g));
  const removed = before.groups.filter((g) => !after.groups.includes(g));
  const parts = [...added.map((g) => `+${g}`), ...removed.map((g) => `−${g}`)];
  return `Groups of ${after.email}${parts.length ? `: ${parts.join(" ")}` : " (unchanged)"}`;
}

/** Forms post from the page itself (opened as localhost or 127.0.0.1): the browser says so. */
function sameOrigin(req: IncomingMessage, issuer: string): boolean {
  const origin = req.headers.origin;
  if (!origin) return req.headers["sec-fetch-site"] === "same-origin";
  try {
    const from = new URL(origin);
    const ours = new URL(issuer);
    return from.port === ours.port && ["localhost", "127.0.0.1", "[::1]"].includes(from.hostname);
  } catch {
    return false;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_BODY) throw new Error("The request is too large.");
  }
  return body;
}

function json(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
  return true;
}
