// Every server action, one line each: its file, its export and the permission it declares with
// action() (lib/actions/action.ts). The security suite's access matrix (e2e/security/support/
// action-matrix.ts) reads this list as the API matrix reads lib/api/routes.ts, and
// lib/actions/registry.test.ts fails when an exported server action is missing here or declares
// another permission, so a new action cannot skip the matrix. No imports: Playwright loads it too.

export type RegisteredAction = {
  /** The module, as the build names it: "app/(dashboard)/keys/actions.ts". */
  file: string;
  /** Its export: "updateRotationPolicyAction". */
  name: string;
  /** A permission of lib/permissions.ts, "signed-in" or "public". */
  permission: string;
};

export const ACTIONS = [
  { file: "app/(auth)/signin/actions.ts", name: "signInAction", permission: "public" },
  { file: "app/(dashboard)/actions.ts", name: "signOutAction", permission: "signed-in" },
  { file: "app/(dashboard)/actions.ts", name: "signOutEverywhereAction", permission: "signed-in" },
  { file: "app/(dashboard)/actions.ts", name: "addConsoleFavouriteAction", permission: "console.open" },
  { file: "app/(dashboard)/actions.ts", name: "removeConsoleFavouriteAction", permission: "console.open" },
  { file: "app/(dashboard)/admin/accounts/actions.ts", name: "saveAccountAction", permission: "accounts.manage" },
  { file: "app/(dashboard)/admin/accounts/actions.ts", name: "deleteAccountAction", permission: "accounts.manage" },
  { file: "app/(dashboard)/admin/accounts/actions.ts", name: "saveRoleAction", permission: "roles.manage" },
  { file: "app/(dashboard)/admin/accounts/actions.ts", name: "deleteRoleAction", permission: "roles.manage" },
  { file: "app/(dashboard)/admin/people/[id]/actions.ts", name: "suspendPersonAction", permission: "people.manage" },
  { file: "app/(dashboard)/admin/people/[id]/actions.ts", name: "reactivatePersonAction", permission: "people.manage" },
  { file: "app/(dashboard)/admin/people/[id]/actions.ts", name: "revokeAwsSessionsAction", permission: "people.manage" },
  { file: "app/(dashboard)/admin/approvals/actions.ts", name: "revokeGrantAction", permission: "grants.revoke" },
  { file: "app/(dashboard)/admin/approvals/actions.ts", name: "createRuleAction", permission: "settings.manage" },
  { file: "app/(dashboard)/admin/approvals/actions.ts", name: "updateRuleAction", permission: "settings.manage" },
  { file: "app/(dashboard)/admin/approvals/actions.ts", name: "deleteRuleAction", permission: "settings.manage" },
  { file: "app/(dashboard)/audit/actions.ts", name: "verifyChainAction", permission: "audit.read.all" },
  { file: "app/(dashboard)/cli-sessions/actions.ts", name: "revokeCliSessionAction", permission: "cli.sessions.own" },
  { file: "app/(dashboard)/cli-sessions/actions.ts", name: "revokeAllMySessionsAction", permission: "sessions.revoke.own" },
  { file: "app/(dashboard)/device/actions.ts", name: "approveDeviceAction", permission: "cli.sessions.own" },
  { file: "app/(dashboard)/device/actions.ts", name: "denyDeviceAction", permission: "cli.sessions.own" },
  { file: "app/(dashboard)/integrations/actions.ts", name: "saveIntegrationAction", permission: "integrations.manage" },
  { file: "app/(dashboard)/integrations/actions.ts", name: "rotateNowAction", permission: "rotations.run" },
  { file: "app/(dashboard)/integrations/actions.ts", name: "setEnabledAction", permission: "integrations.manage" },
  { file: "app/(dashboard)/integrations/actions.ts", name: "deleteIntegrationAction", permission: "integrations.manage" },
  { file: "app/(dashboard)/integrations/actions.ts", name: "adoptSecretAction", permission: "integrations.manage" },
  { file: "app/(dashboard)/keys/actions.ts", name: "updateRotationPolicyAction", permission: "settings.manage" },
  { file: "app/(dashboard)/keys/burndown/actions.ts", name: "retireKeyAction", permission: "keys.retire" },
  { file: "app/(dashboard)/keys/burndown/actions.ts", name: "undoRetirementAction", permission: "keys.retire" },
  { file: "app/(dashboard)/requests/actions.ts", name: "createRoleRequestAction", permission: "requests.create" },
  { file: "app/(dashboard)/requests/actions.ts", name: "createExternalRequestAction", permission: "requests.create" },
  { file: "app/(dashboard)/requests/actions.ts", name: "decideAction", permission: "requests.decide" },
  { file: "app/(dashboard)/requests/actions.ts", name: "cancelRequestAction", permission: "requests.create" },
] as const satisfies readonly RegisteredAction[];

/** "app/(dashboard)/keys/actions.ts#updateRotationPolicyAction": how the build and the rule book name an action. */
export const actionKey = (a: RegisteredAction): string => `${a.file}#${a.name}`;

/** The key of each registered action, as a type: a table keyed by it must name every action. */
export type ActionKey = (typeof ACTIONS)[number] extends infer A
  ? A extends { file: infer F extends string; name: infer N extends string }
    ? `${F}#${N}`
    : never
  : never;
