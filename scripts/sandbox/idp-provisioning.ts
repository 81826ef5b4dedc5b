// When and what the sandbox IdP pushes to Keyless. Each change made on the admin page is
// pushed at once (the page shows every call and its answer). Everything is pushed once
// when the IdP starts, as soon as Keyless answers (the app starts after the IdP), and again
// after a push failed, with a growing pause between tries, as Okta retries: Keyless ends
// up with what the IdP holds. Pushes run one at a time.
import type { IdpDirectory, IdpUser } from "./idp-users";
import { Unreachable, type PushLine, type ScimClient } from "./idp-scim-client";

export type PushResult = { what: string; at: string; ok: boolean; lines: PushLine[]; error?: string };

const RECENT = 20;
const MAX_DELAY_MS = 10_000;

export class Provisioning {
  private queue: Promise<unknown> = Promise.resolve();
  /** Groups this IdP pushed: kept in step even once no IdP user is in them any more. */
  private readonly managedGroups = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private delay = 500;
  private stopped = false;
  private synced = false;
  readonly recent: PushResult[] = [];

  constructor(
    private readonly client: ScimClient,
    private readonly directory: IdpDirectory,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  get target(): string {
    return this.client.baseUrl;
  }

  /** Pushes one user's change (`before` null: a new user). */
  pushUser(what: string, before: IdpUser | null, after: IdpUser): Promise<PushResult> {
    return this.run(what, async (lines) => {
      const found = before ? await this.client.findUser(lines, after.email) : null;
      const id = found ?? (await this.client.upsertUser(lines, after));
      if (found && before && before.active !== after.active) await this.client.setActive(lines, id, after.active !== false);
      // Someone Keyless did not know yet (just created there) joins all of their groups.
      const had = found ? (before?.groups ?? []) : [];
      for (const name of after.groups.filter((g) => !had.includes(g))) {
        this.managedGroups.add(name);
        const group = await this.client.findGroup(lines, name);
        if (!group) await this.client.createGroup(lines, name, [id]);
        else if (!group.members.includes(id)) await this.client.addMembers(lines, group.id, [id]);
      }
      for (const name of had.filter((g) => !after.groups.includes(g))) {
        const group = await this.client.findGroup(lines, name);
        if (group?.members.includes(id)) await this.client.removeMembers(lines, group.id, [id]);
      }
    });
  }

  /** Everything: every user (created or updated, active or not), every group's IdP members. */
  fullSync(what = "Full push of users and groups"): Promise<PushResult> {
    return this.run(what, async (lines) => {
      const users = this.directory.list();
      const ids = new Map<string, string>();
      for (const user of users) ids.set(user.sub, await this.client.upsertUser(lines, user));
      const ours = new Set(ids.values());
      for (const name of new Set([...this.directory.knownGroups(), ...this.managedGroups])) {
        this.managedGroups.add(name);
        const want = users.filter((u) => u.groups.includes(name)).map((u) => ids.get(u.sub)!);
        const group = await this.client.findGroup(lines, name);
        if (!group) {
          if (want.length > 0) await this.client.createGroup(lines, name, want);
          continue;
        }
        await this.client.addMembers(
          lines,
          group.id,
          want.filter((id) => !group.members.includes(id)),
        );
        // Only this IdP's users: members Keyless got from elsewhere are not this IdP's to remove.
        await this.client.removeMembers(
          lines,
          group.id,
          group.members.filter((id) => ours.has(id) && !want.includes(id)),
        );
      }
      this.synced = true;
      // Nothing left to retry.
      clearTimeout(this.timer);
      this.timer = undefined;
      this.delay = 500;
    });
  }

  /** Starts (or re-arms) the background full push, tried again after a growing pause until Keyless takes it. */
  scheduleFullSync(): void {
    if (this.stopped || this.timer) return;
    const delay = this.delay;
    this.delay = Math.min(MAX_DELAY_MS, this.delay * 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.fullSync("Push of all users and groups (at start, or after a failed push)").then((r) => {
        if (!r.ok) return; // run() has re-armed it
        this.delay = 500;
        this.log(`pushed ${this.directory.list().length} users and their groups to Keyless over SCIM (${this.client.baseUrl})`);
      });
    }, delay);
  }

  /** Whether a full push has succeeded since the IdP started. */
  get hasSynced(): boolean {
    return this.synced;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private run(what: string, fn: (lines: PushLine[]) => Promise<void>): Promise<PushResult> {
    const lines: PushLine[] = [];
    const result = this.queue.then(async (): Promise<PushResult> => {
      const at = new Date().toISOString();
      try {
        await fn(lines);
        return this.remember({ what, at, ok: true, lines });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const unreachable = error instanceof Unreachable;
        // A change Keyless did not take is pushed again with everything else, later.
        this.scheduleFullSync();
        return this.remember({
          what,
          at,
          ok: false,
          lines,
          error: unreachable ? `${message} The change is saved here and will be pushed again when Keyless answers.` : message,
        });
      }
    });
    this.queue = result;
    return result;
  }

  private remember(result: PushResult): PushResult {
    this.recent.unshift(result);
    this.recent.length = Math.min(this.recent.length, RECENT);
    return result;
  }
}
