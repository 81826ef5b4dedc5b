// The sandbox IdP's SCIM client: it pushes users and group memberships to Keyless the way
// Okta's provisioning does. A user is looked up by userName first (GET /Users?filter=…),
// then created (POST) or updated (PATCH); deactivation is PATCH active:false; a group is
// looked up by displayName, created with its first member, and its members are added and
// removed with PATCH. Every call is recorded, so the admin page can show what happened.
import type { IdpUser } from "./idp-users";

export type PushLine = { method: string; path: string; status: number | null; detail?: string };
export type ScimTarget = { url: string; token: string };

const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** Keyless did not answer at all (down, or not started yet). */
export class Unreachable extends Error {}
/** Keyless answered with an error. */
export class Refused extends Error {}

type Answer = { status: number; json: Record<string, unknown> | null };

export class ScimClient {
  constructor(private readonly target: ScimTarget) {}

  get baseUrl(): string {
    return this.target.url;
  }

  async call(lines: PushLine[], method: string, path: string, body?: unknown): Promise<Answer> {
    let res: Response;
    try {
      res = await fetch(`${this.target.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.target.token}`, Accept: "application/scim+json", "Content-Type": "application/scim+json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error));
      lines.push({ method, path, status: null, detail: cause });
      throw new Unreachable(`Keyless did not answer at ${this.target.url} (${cause}).`);
    }
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      // Not SCIM (an older Keyless, or something else on that port): the status says enough.
    }
    const detail = res.ok ? undefined : typeof json?.detail === "string" ? json.detail : res.statusText;
    lines.push({ method, path, status: res.status, ...(detail ? { detail } : {}) });
    if (!res.ok && res.status !== 404) throw new Refused(`Keyless refused ${method} ${path}: ${res.status} ${detail ?? ""}`.trim());
    return { status: res.status, json };
  }

  async findUser(lines: PushLine[], email: string): Promise<string | null> {
    const filter = encodeURIComponent(`userName eq "${email}"`);
    const { json } = await this.call(lines, "GET", `/Users?filter=${filter}`);
    const found = (json?.Resources as { id: string }[] | undefined)?.[0];
    return found?.id ?? null;
  }

  /** POST for someone Keyless does not know, PATCH of the profile and status otherwise. */
  async upsertUser(lines: PushLine[], user: IdpUser): Promise<string> {
    const id = await this.findUser(lines, user.email);
    const [givenName, ...rest] = user.name.split(" ");
    const profile = { name: { givenName, familyName: rest.join(" ") || undefined }, displayName: user.name, externalId: user.sub };
    const active = user.active !== false;
    if (id) {
      await this.call(lines, "PATCH", `/Users/${id}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: "replace", value: { ...profile, active } }],
      });
      return id;
    }
    const body = {
      schemas: [USER_SCHEMA],
      userName: user.email,
      ...profile,
      emails: [{ primary: true, value: user.email, type: "work" }],
      locale: "en-US",
      groups: [],
      active,
    };
    const { json } = await this.call(lines, "POST", "/Users", body);
    return String(json?.id);
  }

  async setActive(lines: PushLine[], userId: string, active: boolean): Promise<void> {
    await this.call(lines, "PATCH", `/Users/${userId}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", value: { active } }] });
  }

  async findGroup(lines: PushLine[], name: string): Promise<{ id: string; members: string[] } | null> {
    const filter = encodeURIComponent(`displayName eq "${name}"`);
    const { json } = await this.call(lines, "GET", `/Groups?filter=${filter}`);
    const found = (json?.Resources as { id: string; members?: { value: string }[] }[] | undefined)?.[0];
    return found ? { id: found.id, members: (found.members ?? []).map((m) => m.value) } : null;
  }

  async createGroup(lines: PushLine[], name: string, members: string[]): Promise<void> {
    await this.call(lines, "POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: name, members: members.map((value) => ({ value })) });
  }

  async addMembers(lines: PushLine[], groupId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const value = userIds.map((v) => ({ value: v }));
    await this.call(lines, "PATCH", `/Groups/${groupId}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: "add", path: "members", value }] });
  }

  async removeMembers(lines: PushLine[], groupId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const Operations = userIds.map((v) => ({ op: "remove", path: `members[value eq "${v}"]` }));
    await this.call(lines, "PATCH", `/Groups/${groupId}`, { schemas: [PATCH_SCHEMA], Operations });
  }
}
