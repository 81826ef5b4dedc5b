import path from "node:path";

export const USERS = {
  alice: { email: "alice@example.com", name: "Alice Engineer" },
  mona: { email: "mona@example.com", name: "Mona Manager" },
  adam: { email: "adam@example.com", name: "Adam Admin" },
} as const;
export type DemoUser = keyof typeof USERS;

/** Signed-in browser state per demo user, made once by global-setup.ts. */
export function storageFor(user: DemoUser): string {
  return path.join(import.meta.dirname, "..", ".sandbox", "e2e", `${user}.json`);
}
