// Every action the audit log records, in one list. withAudit, auditRefusal and auditSystemStep take
// only these names (the type below), so an action cannot be written without being listed
// here; and the audit completeness test (test/integration/audit-completeness.test.ts) keys
// its table on this list, so an action listed without a test that causes it and asserts its
// row (actor, action, outcome, target) fails typecheck. Adding an action = a line here and a
// row there. No "server-only": tests and scripts read the list.

export const AUDIT_ACTIONS = [
  // Sign-in, sessions, authorization
  "auth.sign_in",
  "auth.sign_out",
  "auth.sign_out_everywhere",
  "authz.denied",
  "sessions.revoke_own",
  "cli.device.approve",
  "cli.device.deny",
  "cli.session.create",
  "cli.session.refresh_reuse",
  "cli.session.revoke",
  // Credentials
  "credentials.issue",
  "console.open",
  "console.favourite.add",
  "console.favourite.remove",
  // Accounts, roles, settings
  "account.create",
  "account.update",
  "account.delete",
  "account.discover",
  "role_mapping.create",
  "role_mapping.update",
  "role_mapping.delete",
  "settings.rotation_policy.update",
  // Inventory
  "inventory.sync.request",
  "inventory.sync.finish",
  "inventory.keys.export",
  // Retirement of people's own keys (lib/retirement)
  "key.retire",
  "key.retire_undo",
  "key.retire_delete",
  // Integrations and rotation
  "integration.create",
  "integration.update",
  "integration.delete",
  "integration.adopt_secret",
  "target_tokens.bind",
  "rotation.start",
  "rotation.step",
  // Requests, decisions, grants
  "request.create",
  "request.analyse",
  "request.approve",
  "request.deny",
  "request.decide",
  "request.cancel",
  "request.expire",
  "provisioning.queue",
  "provisioning.step",
  "grant.create",
  "grant.extend",
  "grant.expire",
  "grant.revoke",
  "grant.break_glass",
  "grant.review",
  "approval_rule.create",
  "approval_rule.update",
  "approval_rule.delete",
  // People and lifecycle
  "person.provision",
  "person.update",
  "person.suspend",
  "person.deactivate",
  "person.idp_refused",
  "person.deprovision",
  "person.reactivate",
  "person.groups_change",
  "aws.sessions.revoke",
  "aws.sessions.revoke_apply",
  // SCIM
  "scim.auth_denied",
  "scim.group_create",
  "scim.group_update",
  "scim.group_delete",
  "scim.groups_leave",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The vending actions: credentials or a console link. */
export type VendAction = Extract<AuditAction, "credentials.issue" | "console.open">;
