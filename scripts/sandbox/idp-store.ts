// Storage adapter for the sandbox IdP: a Map, optionally saved to a JSON file so IdP
// sessions (and grants) survive a restart of `npm run demo`. It also replaces
// oidc-provider's built-in dev adapter, which warns loudly on every start, and can end
// everything held for one account at once (a user deactivated on the admin page).
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

type Payload = Record<string, unknown> & { uid?: string; userCode?: string; grantId?: string; consumed?: number };
interface Entry {
  payload: Payload;
  expiresAt?: number; // epoch ms
}

/**
 * `isKnownAccount` drops saved sessions and grants of users that no longer exist (e.g. a
 * test's extra user): oidc-provider fails with a server error on such a session.
 */
export function createStoreAdapter(file: string | undefined, isKnownAccount: (accountId: string) => boolean) {
  const entries = new Map<string, Entry>();
  if (file && existsSync(file)) {
    try {
      for (const [key, entry] of Object.entries(JSON.parse(readFileSync(file, "utf8")) as Record<string, Entry>)) {
        const { accountId } = entry.payload;
        if (typeof accountId !== "string" || isKnownAccount(accountId)) entries.set(key, entry);
      }
    } catch {
      // A damaged store only costs a fresh sign-in.
    }
  }

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const save = () => {
    if (!file) return;
    for (const key of [...entries.keys()]) live(key); // drop expired before writing
    // Write then rename, so a kill mid-write never leaves half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(entries)), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };

  const findWhere = (name: string, match: (p: Payload) => boolean) => {
    for (const key of entries.keys()) {
      const entry = key.startsWith(`${name}:`) ? live(key) : undefined;
      if (entry && match(entry.payload)) return entry.payload;
    }
    return undefined;
  };

  /** Ends everything the IdP holds for an account: sessions, grants, codes, access and refresh tokens. */
  const revokeAccount = (accountId: string) => {
    for (const [key, entry] of entries) if (entry.payload.accountId === accountId) entries.delete(key);
    save();
  };

  const Adapter = class StoreAdapter {
    constructor(private readonly name: string) {}

    private key(id: string) {
      return `${this.name}:${id}`;
    }

    upsert(id: string, payload: Payload, expiresIn?: number) {
      entries.set(this.key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
      save();
      return Promise.resolve();
    }

    find(id: string) {
      return Promise.resolve(live(this.key(id))?.payload);
    }

    findByUid(uid: string) {
      return Promise.resolve(findWhere(this.name, (p) => p.uid === uid));
    }

    findByUserCode(userCode: string) {
      return Promise.resolve(findWhere(this.name, (p) => p.userCode === userCode));
    }

    consume(id: string) {
      const entry = live(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      save();
      return Promise.resolve();
    }

    destroy(id: string) {
      entries.delete(this.key(id));
      save();
      return Promise.resolve();
    }

    revokeByGrantId(grantId: string) {
      for (const [key, entry] of entries) if (entry.payload.grantId === grantId) entries.delete(key);
      save();
      return Promise.resolve();
    }
  };
  return { Adapter, revokeAccount };
}
