import type { Permission } from "@/lib/permissions";

export type NavIcon =
  | "credentials"
  | "keys"
  | "requests"
  | "approvals"
  | "integrations"
  | "audit"
  | "accounts"
  | "cli"
  | "settings"
  | "api"
  | "migrate"
  | "people";

export type NavItem = { href: string; label: string; icon: NavIcon; permission: Permission; section: "main" | "admin" };

// What each role sees is derived from the permissions table: an item shows when the
// signed-in user holds its permission (the page itself checks again).
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Credentials", icon: "credentials", permission: "roles.list", section: "main" },
  { href: "/keys", label: "Access keys", icon: "keys", permission: "keys.read.own", section: "main" },
  { href: "/keys/burndown", label: "Key burn-down", icon: "keys", permission: "keys.read.own", section: "main" },
  { href: "/requests", label: "My requests", icon: "requests", permission: "requests.create", section: "main" },
  { href: "/approvals", label: "Approvals", icon: "approvals", permission: "requests.decide", section: "main" },
  { href: "/audit", label: "Audit log", icon: "audit", permission: "audit.read.own", section: "main" },
  // The page kept its address (the CLI and the docs link to it); it shows every kind of session now.
  { href: "/cli-sessions", label: "Sessions", icon: "cli", permission: "sessions.revoke.own", section: "main" },
  { href: "/migrate", label: "Retire your keys", icon: "migrate", permission: "keys.read.own", section: "main" },
  { href: "/api-docs", label: "API", icon: "api", permission: "me.read", section: "main" },
  { href: "/admin/people", label: "People", icon: "people", permission: "people.read", section: "admin" },
  { href: "/integrations", label: "Integrations", icon: "integrations", permission: "integrations.read", section: "admin" },
  { href: "/admin/accounts", label: "Accounts & roles", icon: "accounts", permission: "accounts.manage", section: "admin" },
  { href: "/admin/approvals", label: "Approval rules & grants", icon: "settings", permission: "settings.manage", section: "admin" },
];
