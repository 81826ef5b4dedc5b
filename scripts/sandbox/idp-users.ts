// The sandbox IdP's user directory: the demo users to begin with, then whatever the admin
// page (or a test, through its JSON API) changes: new users, groups, deactivation. The
// demo keeps it in a JSON file under .sandbox/ (like its database); tests keep it in memory.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

export interface IdpUser {
  sub: string;
  email: string;
  name: string;
  groups: string[];
  password?: string; // default "demo"
  /** Deactivated users cannot sign in, and their refresh tokens stop working. Default true. */
  active?: boolean;
}

export const demoUsers: IdpUser[] = [
  { sub: "user-alice", email: "alice@example.com", name: "Alice Engineer", groups: ["engineering"] },
  { sub: "user-mona", email: "mona@example.com", name: "Mona Manager", groups: ["engineering", "eng-managers"] },
  { sub: "user-adam", email: "adam@example.com", name: "Adam Admin", groups: ["platform", "aws-admins"] },
];

const EMAIL = /^[^\s@"<>]{1,64}@[^\s@"<>]{1,190}$/;
const GROUP = /^[\w.@-][\w.@ -]{0,63}$/;

export type UserChange = { active?: boolean; groups?: string[] };

export class IdpDirectory {
  private readonly users = new Map<string, IdpUser>();

  constructor(
    initial: IdpUser[],
    private readonly file?: string,
  ) {
    const saved = file && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as IdpUser[]) : null;
    for (const u of saved ?? initial) this.users.set(u.sub, { ...u, groups: [...u.groups] });
  }

  list(): IdpUser[] {
    return [...this.users.values()].map((u) => ({ ...u, groups: [...u.groups] }));
  }

  get(sub: string): IdpUser | undefined {
    const u = this.users.get(sub);
    return u && { ...u, groups: [...u.groups] };
  }

  byEmail(email: string): IdpUser | undefined {
    const wanted = email.trim().toLowerCase();
    return this.list().find((u) => u.email.toLowerCase() === wanted);
  }

  isActive(sub: string): boolean {
    return this.users.get(sub)?.active !== false;
  }

  /** Every group some user is in, sorted. */
  knownGroups(): string[] {
    return [...new Set(this.list().flatMap((u) => u.groups))].sort();
  }

  create(input: { email: string; name: string; groups: string[] }): IdpUser {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw new Error("Enter an email address.");
    if (this.byEmail(email)) throw new Error(`${email} already exists.`);
    const name = input.name.trim().slice(0, 100) || email;
    const base = `user-${email.split("@")[0]!.replace(/[^a-z0-9]+/g, "-")}`;
    let sub = base;
    for (let i = 2; this.users.has(sub); i++) sub = `${base}-${i}`;
    const user: IdpUser = { sub, email, name, groups: cleanGroups(input.groups), active: true };
    this.users.set(sub, user);
    this.save();
    return { ...user, groups: [...user.groups] };
  }

  update(sub: string, change: UserChange): { before: IdpUser; after: IdpUser } {
    const current = this.users.get(sub);
    if (!current) throw new Error(`No user ${sub}.`);
    const before = { ...current, groups: [...current.groups] };
    if (change.active !== undefined) current.active = change.active;
    if (change.groups !== undefined) current.groups = cleanGroups(change.groups);
    this.save();
    return { before, after: { ...current, groups: [...current.groups] } };
  }

  private save(): void {
    if (!this.file) return;
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.list(), null, 2), { mode: 0o600 });
    renameSync(`${this.file}.tmp`, this.file);
  }
}

export function cleanGroups(groups: string[]): string[] {
  const out = new Set<string>();
  for (const g of groups.map((x) => x.trim()).filter(Boolean)) {
    if (!GROUP.test(g)) throw new Error(`"${g.slice(0, 40)}" is not a group name (letters, digits, spaces, . @ _ -).`);
    out.add(g);
  }
  return [...out].sort();
}
