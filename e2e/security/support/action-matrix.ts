import { randomUUID } from "node:crypto";
import { ACTIONS, actionKey, type ActionKey } from "../../../lib/actions/registry";
import { USERS, type DemoUser } from "../../users";
import { callAction, findAction, type ActionOutcome, type ActionShape } from "./actions";
import type { Caller } from "./api-matrix";
import { query, roleIdByName, userIdByEmail } from "./db";
import {
  as,
  cliSession,
  deviceCode,
  integration,
  iamUserWithKey,
  liveGrant,
  matrixPerson,
  pendingRequest,
  readyHumanKey,
  scheduledRetirement,
  secretsManagerIntegration,
} from "./fixtures";
import { standinsUrl } from "./env";
import { api, type Auth } from "./http";

// One entry per server action of the action registry (lib/actions/registry.ts, which a unit
// test keeps equal to the app's "use server" exports): the form it is sent, what success looks
// like, and what the rule book cannot say (special cells, the cross-user case). ACTION_MATRIX is
// keyed by the registry, so an action registered without an entry fails typecheck.
// access-matrix.spec.ts takes each cell's expected answer (anonymous, engineer, manager, admin)
// from the rule book (docs/permissions.md) and fails when the build
// (.next/server/server-reference-manifest.json), the registry and the rule book disagree.

/** Every registered action and the permission it declares with action(). */
export const REGISTERED_ACTIONS: ReadonlyMap<string, string> = new Map(ACTIONS.map((a) => [actionKey(a), a.permission]));

/** What a successful call looks like: runAction's { ok: true }, or a redirect (the action's redirect()). */
export type Success = { kind: "ok" } | { kind: "redirect"; to: RegExp; endsSession?: true };

export type ActionCell = { fields?: Record<string, string>; auth?: Auth; after?: () => Promise<void> };

/**
 * The status of the refusal a cell expects, as runAction reports it: 401/403 are typed
 * refusals ({ ok: false, refused: true }); 404 and 409 are what the API answers when the
 * thing is not the caller's to see or not in a state to allow it.
 */
export type RefusalStatus = 401 | 403 | 404 | 409;

export type ActionEntry = {
  shape: ActionShape;
  build: (caller: Caller) => Promise<ActionCell>;
  success: Success;
  /** Where the rule book alone would be wrong: the refusal the caller gets instead, and why. */
  special?: Partial<Record<Caller, { refusal: RefusalStatus; why: string }>>;
  /** Refused with `refusal` unless `succeeds`; `check` adds what must hold afterwards. */
  crossUser:
    | {
        actor: DemoUser;
        what: string;
        build: () => Promise<ActionCell>;
        refusal?: RefusalStatus;
        succeeds?: true;
        check?: (o: ActionOutcome) => Promise<void> | void;
      }
    | { none: string };
  tables?: readonly string[];
  /** Destroys the caller's sessions: run after every other cell (and sign the users in again). */
  last?: boolean;
};

const A = (file: string, name: string) => findAction(file, name);
const requesterFor = (caller: Caller): DemoUser => (caller === "mona" ? "mona" : "alice");

/** A matrix account of its own (made by adam through the action), for role and delete cells. */
async function matrixAccount(): Promise<{ id: string; accountId: string }> {
  const accountId = `9${String(Math.floor(Math.random() * 1e11)).padStart(11, "0")}`;
  const out = await callAction(A("app/(dashboard)/admin/accounts/actions.ts", "saveAccountAction"), as("adam"), {
    accountId,
    name: `Matrix ${accountId}`,
  });
  if ((out.result as { ok?: boolean } | undefined)?.ok !== true)
    throw new Error(`could not add a matrix account: ${JSON.stringify(out.result)}`);
  const [row] = await query<{ id: string }>("SELECT id FROM aws_accounts WHERE account_id = $1", [accountId]);
  return { id: row!.id, accountId };
}

async function matrixRole(): Promise<string> {
  const account = await matrixAccount();
  const roleArn = `arn:aws:iam::${account.accountId}:role/Matrix${randomUUID().slice(0, 6)}`;
  const out = await callAction(
    A("app/(dashboard)/admin/accounts/actions.ts", "saveRoleAction"),
    as("adam"),
    roleFields(account.id, roleArn),
  );
  if ((out.result as { ok?: boolean } | undefined)?.ok !== true)
    throw new Error(`could not add a matrix role: ${JSON.stringify(out.result)}`);
  const [row] = await query<{ id: string }>("SELECT id FROM aws_roles WHERE role_arn = $1", [roleArn]);
  return row!.id;
}

/** A role the caller's groups map (adam is in aws-admins only). */
const consoleRole = (caller: Caller) => roleIdByName(caller === "adam" ? "SandboxAdmin" : "SandboxDeveloper");

/** A console favourite of `user`'s own (Lambda in us-east-2), written straight to the database. */
async function consoleFavourite(user: DemoUser): Promise<string> {
  const [row] = await query<{ id: string }>(
    `INSERT INTO console_favourites (id, user_id, role_id, service, region, label) VALUES ($1, $2, $3, 'lambda', 'us-east-2', 'matrix')
     ON CONFLICT (user_id, role_id, service, region) DO UPDATE SET label = EXCLUDED.label RETURNING id`,
    [`cmfav${randomUUID().replace(/-/g, "").slice(0, 20)}`, await userIdByEmail(USERS[user].email), await consoleRole(user)],
  );
  return row!.id;
}

/** Fields that add a new favourite (S3 in eu-west-1): an earlier cell's is removed first, so the add writes. */
async function newFavouriteFields(caller: Caller) {
  const roleId = await consoleRole(caller);
  if (caller !== "anonymous")
    await query("DELETE FROM console_favourites WHERE user_id = $1 AND role_id = $2 AND service = 's3' AND region = 'eu-west-1'", [
      await userIdByEmail(USERS[caller].email),
      roleId,
    ]);
  return { roleId, service: "s3", region: "eu-west-1" };
}

const roleFields = (awsAccountId: string, roleArn: string) => ({
  awsAccountId,
  roleArn,
  maxDurationSeconds: "3600",
  allowedGroups: "nobody-matrix",
  deliveryMode: "ASSUME_ROLE",
});

async function matrixRule(): Promise<string> {
  const group = `matrix-${randomUUID().slice(0, 8)}`;
  await callAction(A("app/(dashboard)/admin/approvals/actions.ts", "createRuleAction"), as("adam"), {
    scope: "global",
    requesterGroups: group,
    kind: "ROLE_ACCESS",
    approverGroups: "aws-admins",
  });
  const [row] = await query<{ id: string }>("SELECT id FROM approval_rules WHERE $1 = ANY(requester_groups)", [group]);
  if (!row) throw new Error("could not add a matrix approval rule");
  return row.id;
}

async function currentPolicy(): Promise<Record<string, string>> {
  const [row] = await query<{ value: Record<string, number> }>("SELECT value FROM settings WHERE key = 'inventory.rotation_policy'");
  const p = row?.value ?? { rotateDays: 90, warnDays: 75, unusedDays: 90, neverUsedDays: 7 };
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));
}

const webhookForm = (userName: string) => ({
  id: "",
  name: `Matrix ${userName}`,
  accountId: "111111111111",
  iamUserName: userName,
  targetType: "webhook",
  "targetSettings.url": `${standinsUrl}/webhook/${userName}`,
  "targetSettings.healthUrl": `${standinsUrl}/webhook/${userName}`,
  targetToken: `whsec_matrix_${randomUUID()}`,
  rotationIntervalDays: "90",
  graceAmount: "0",
  graceUnit: "minutes",
  ownerEmail: "adam@example.com",
});

/** A browser session of its own for a person (signing out must not end the suite's sessions). */
export type FreshSession = (user: DemoUser) => Promise<string>;
let freshSession: FreshSession = () => Promise.reject(new Error("freshSession not set"));
export const useFreshSessions = (f: FreshSession) => void (freshSession = f);
export const newSession: FreshSession = (user) => freshSession(user);

/**
 * A session of mona's own, made just before a cross cell ends all of alice's sessions: the
 * cells that end sessions run one after the other, so the suite's session of mona may be gone.
 */
export const witness = { cookie: "" };
export async function monaStillSignedIn(): Promise<void> {
  const me = await api({ cookie: witness.cookie }, "GET", "/api/v1/me");
  if (me.status !== 200) throw new Error(`mona was signed out too (${me.status})`);
}

export const knownIntegration = { id: "" };

const MATRIX = {
  "app/(auth)/signin/actions.ts#signInAction": {
    shape: "form",
    build: async () => ({ fields: { callbackUrl: "/" } }),
    success: { kind: "redirect", to: /\/auth\?response_type=code/ },
    crossUser: { none: "starts the caller's own sign-in" },
  },
  "app/(dashboard)/actions.ts#signOutAction": {
    shape: "none",
    build: async (c) => ({ auth: c === "anonymous" ? undefined : { cookie: await freshSession(c) } }),
    success: { kind: "redirect", to: /\/signin\?signedOut=1/, endsSession: true },
    crossUser: { none: "ends the caller's own session" },
    tables: ["users", "auth_accounts", "cli_sessions"],
  },
  "app/(dashboard)/actions.ts#signOutEverywhereAction": {
    shape: "state-form",
    build: async (c) => ({ fields: {}, auth: c === "anonymous" ? undefined : { cookie: await freshSession(c) } }),
    success: { kind: "redirect", to: /\/signin\?signedOut=1/, endsSession: true },
    crossUser: {
      actor: "alice",
      what: "alice signs out everywhere: mona stays signed in",
      build: async () => {
        witness.cookie = await freshSession("mona");
        return { fields: {}, auth: { cookie: await freshSession("alice") } };
      },
      succeeds: true,
      check: () => monaStillSignedIn(),
    },
    tables: ["users", "auth_accounts"],
    last: true,
  },

  "app/(dashboard)/actions.ts#addConsoleFavouriteAction": {
    shape: "state-form",
    build: async (c) => ({ fields: await newFavouriteFields(c) }),
    success: { kind: "ok" },
    crossUser: {
      actor: "alice",
      what: "alice stars a console page of another group's role (SandboxAdmin)",
      refusal: 404,
      build: async () => ({ fields: { roleId: await roleIdByName("SandboxAdmin"), service: "s3", region: "eu-west-1" } }),
    },
    tables: ["console_favourites"],
  },
  "app/(dashboard)/actions.ts#removeConsoleFavouriteAction": {
    shape: "state-form",
    build: async (c) => ({ fields: { id: c === "anonymous" ? "cmnosuchfavourite0000000" : await consoleFavourite(c) } }),
    success: { kind: "ok" },
    crossUser: {
      actor: "mona",
      what: "mona removes alice's console favourite",
      refusal: 404,
      build: async () => ({ fields: { id: await consoleFavourite("alice") } }),
    },
    tables: ["console_favourites"],
  },

  "app/(dashboard)/admin/accounts/actions.ts#saveAccountAction": {
    shape: "state-form",
    build: async () => {
      const accountId = `8${String(Math.floor(Math.random() * 1e11)).padStart(11, "0")}`;
      return { fields: { id: "", accountId, name: `Matrix ${accountId}`, description: "", inventoryRoleArn: "" } };
    },
    success: { kind: "ok" },
    crossUser: { none: "accounts are not per person" },
  },
  "app/(dashboard)/admin/accounts/actions.ts#deleteAccountAction": {
    shape: "state-form",
    build: async () => ({ fields: { id: (await matrixAccount()).id } }),
    success: { kind: "ok" },
    crossUser: { none: "accounts are not per person" },
  },
  "app/(dashboard)/admin/accounts/actions.ts#saveRoleAction": {
    shape: "state-form",
    build: async () => {
      const account = await matrixAccount();
      return { fields: { id: "", ...roleFields(account.id, `arn:aws:iam::${account.accountId}:role/Matrix${randomUUID().slice(0, 6)}`) } };
    },
    success: { kind: "ok" },
    crossUser: { none: "role mappings are not per person" },
  },
  "app/(dashboard)/admin/accounts/actions.ts#deleteRoleAction": {
    shape: "state-form",
    build: async () => ({ fields: { id: await matrixRole() } }),
    success: { kind: "ok" },
    crossUser: { none: "role mappings are not per person" },
  },

  "app/(dashboard)/admin/people/[id]/actions.ts#suspendPersonAction": {
    shape: "state-form",
    build: async () => ({ fields: { id: (await matrixPerson()).id, reason: "access matrix" } }),
    success: { kind: "ok" },
    crossUser: {
      actor: "adam",
      what: "adam suspends himself",
      refusal: 403,
      build: async () => ({ fields: { id: await userIdByEmail("adam@example.com"), reason: "self" } }),
    },
  },
  "app/(dashboard)/admin/people/[id]/actions.ts#reactivatePersonAction": {
    shape: "state-form",
    build: async () => ({ fields: { id: (await matrixPerson({ suspendedBy: "admin" })).id } }),
    success: { kind: "ok" },
    crossUser: {
      actor: "adam",
      what: "adam reactivates a person the IdP deactivated (SCIM): only SCIM lifts it",
      refusal: 409,
      build: async () => ({ fields: { id: (await matrixPerson({ suspendedBy: "scim" })).id } }),
    },
  },
  "app/(dashboard)/admin/people/[id]/actions.ts#revokeAwsSessionsAction": {
    shape: "state-form",
    build: async () => ({ fields: { id: (await matrixPerson({ awsSession: true })).id, reason: "access matrix" } }),
    success: { kind: "ok" },
    crossUser: { none: "admins act on anyone: the engineer and manager cells are the refusals" },
  },

  "app/(dashboard)/admin/approvals/actions.ts#revokeGrantAction": {
    shape: "state-form",
    build: async () => ({ fields: { id: await liveGrant("alice"), reason: "access matrix" } }),
    success: { kind: "ok" },
    crossUser: {
      actor: "mona",
      what: "mona (who approves) revokes alice's grant: only admins revoke",
      refusal: 403,
      build: async () => ({ fields: { id: await liveGrant("alice"), reason: "cross-user" } }),
    },
  },
  "app/(dashboard)/admin/approvals/actions.ts#createRuleAction": {
    shape: "state-form",
    build: async () => ({
      fields: { scope: "global", requesterGroups: `matrix-${randomUUID().slice(0, 8)}`, kind: "ROLE_ACCESS", approverGroups: "aws-admins" },
    }),
    success: { kind: "ok" },
    crossUser: { none: "approval rules are configuration" },
  },
  "app/(dashboard)/admin/approvals/actions.ts#updateRuleAction": {
    shape: "state-form",
    build: async () => ({
      fields: {
        id: await matrixRule(),
        scope: "global",
        requesterGroups: `matrix-${randomUUID().slice(0, 8)}`,
        kind: "ROLE_ACCESS",
        approverGroups: "aws-admins",
      },
    }),
    success: { kind: "ok" },
    crossUser: { none: "approval rules are configuration" },
  },
  "app/(dashboard)/admin/approvals/actions.ts#deleteRuleAction": {
    shape: "state-form",
    build: async () => ({ fields: { id: await matrixRule() } }),
    success: { kind: "ok" },
    crossUser: { none: "approval rules are configuration" },
  },

  "app/(dashboard)/audit/actions.ts#verifyChainAction": {
    shape: "none",
    build: async () => ({}),
    success: { kind: "ok" },
    crossUser: { none: "verifies the whole log" },
  },

  "app/(dashboard)/cli-sessions/actions.ts#revokeCliSessionAction": {
    shape: "state-form",
    build: async (c) => ({ fields: { id: c === "anonymous" ? "cmnosuchsession000000000" : (await cliSession(c)).session_id } }),
    success: { kind: "ok" },
    crossUser: {
      actor: "mona",
      what: "mona revokes alice's CLI session",
      refusal: 404,
      build: async () => ({ fields: { id: (await cliSession("alice")).session_id } }),
    },
  },
  "app/(dashboard)/cli-sessions/actions.ts#revokeAllMySessionsAction": {
    shape: "state-form",
    build: async (c) => ({ fields: {}, auth: c === "anonymous" ? undefined : { cookie: await freshSession(c) } }),
    success: { kind: "redirect", to: /\/signin\?revoked=1/, endsSession: true },
    crossUser: {
      actor: "alice",
      what: "alice revokes all her sessions: mona stays signed in",
      build: async () => {
        witness.cookie = await freshSession("mona");
        return { fields: {}, auth: { cookie: await freshSession("alice") } };
      },
      succeeds: true,
      check: () => monaStillSignedIn(),
    },
    last: true,
  },
  "app/(dashboard)/device/actions.ts#approveDeviceAction": {
    shape: "state-form",
    build: async (c) => ({ fields: { code: c === "anonymous" ? "BCDF-GHJK" : (await deviceCode()).user_code } }),
    success: { kind: "ok" },
    crossUser: { none: "a waiting code belongs to nobody until a person approves it (RFC 8628)" },
  },
  "app/(dashboard)/device/actions.ts#denyDeviceAction": {
    shape: "state-form",
    build: async (c) => ({ fields: { code: c === "anonymous" ? "BCDF-GHJK" : (await deviceCode()).user_code } }),
    success: { kind: "ok" },
    crossUser: { none: "a waiting code belongs to nobody until a person approves it (RFC 8628)" },
  },

  "app/(dashboard)/integrations/actions.ts#saveIntegrationAction": {
    shape: "state-form",
    build: async () => ({ fields: webhookForm(await iamUserWithKey()) }),
    success: { kind: "redirect", to: /^\/integrations\/\w+$/ },
    crossUser: { none: "integrations are not per person" },
  },
  "app/(dashboard)/integrations/actions.ts#rotateNowAction": {
    shape: "state-form",
    build: async (c) => ({ fields: { id: c === "adam" ? (await integration()).id : knownIntegration.id } }),
    success: { kind: "redirect", to: /^\/integrations\/\w+\/rotations\/\w+$/ },
    crossUser: { none: "integrations are not per person" },
  },
  "app/(dashboard)/integrations/actions.ts#setEnabledAction": {
    shape: "state-form",
    build: async () => ({ fields: { id: knownIntegration.id, enabled: "true" } }),
    success: { kind: "ok" },
    crossUser: { none: "integrations are not per person" },
  },
  "app/(dashboard)/integrations/actions.ts#deleteIntegrationAction": {
    shape: "state-form",
    build: async (c) => ({ fields: { id: c === "adam" ? (await integration()).id : knownIntegration.id } }),
    success: { kind: "redirect", to: /^\/integrations$/ },
    crossUser: { none: "integrations are not per person" },
  },

  "app/(dashboard)/integrations/actions.ts#adoptSecretAction": {
    shape: "state-form",
    build: async () => ({ fields: { id: (await secretsManagerIntegration()).id } }),
    success: { kind: "ok" },
    crossUser: { none: "integrations are not per person" },
  },

  "app/(dashboard)/keys/actions.ts#updateRotationPolicyAction": {
    shape: "state-form",
    build: async () => ({ fields: await currentPolicy() }),
    success: { kind: "ok" },
    crossUser: { none: "the policy is configuration" },
  },

  "app/(dashboard)/keys/burndown/actions.ts#retireKeyAction": {
    shape: "state-form",
    build: async () => ({ fields: { accessKeyId: (await readyHumanKey("alice")).accessKeyId, days: "14" } }),
    success: { kind: "ok" },
    crossUser: {
      actor: "mona",
      what: "mona (a manager) retires alice's key: only admins retire keys",
      refusal: 403,
      build: async () => ({ fields: { accessKeyId: (await readyHumanKey("alice")).accessKeyId, days: "14" } }),
    },
    tables: ["key_retirements"],
  },
  "app/(dashboard)/keys/burndown/actions.ts#undoRetirementAction": {
    shape: "state-form",
    build: async () => ({ fields: { retirementId: await scheduledRetirement("alice") } }),
    success: { kind: "ok" },
    crossUser: {
      actor: "alice",
      what: "alice undoes the retirement of her own key: only admins undo",
      refusal: 403,
      build: async () => ({ fields: { retirementId: await scheduledRetirement("alice") } }),
    },
    tables: ["key_retirements"],
  },

  "app/(dashboard)/requests/actions.ts#createRoleRequestAction": {
    shape: "state-form",
    build: async () => ({
      fields: { roleId: await roleIdByName("ProductionDeploy"), durationSeconds: "3600", justification: `Access matrix ${randomUUID()}` },
    }),
    success: { kind: "redirect", to: /^\/requests\/\w+$/ },
    special: { adam: { refusal: 404, why: "ProductionDeploy is for engineering: not a role adam's groups map to" } },
    crossUser: { none: "a request is always the caller's own" },
  },
  "app/(dashboard)/requests/actions.ts#createExternalRequestAction": {
    shape: "state-form",
    build: async () => {
      const receiver = `matrix-ext-${randomUUID().slice(0, 8)}`;
      return {
        fields: {
          serviceName: `Matrix ${receiver}`,
          accountId: "111111111111",
          targetType: "webhook",
          "targetSettings.url": `${standinsUrl}/webhook/${receiver}`,
          "targetSettings.healthUrl": `${standinsUrl}/webhook/${receiver}`,
          targetToken: `whsec_matrix_${randomUUID()}`,
          managedPolicyArns: "arn:aws:iam::aws:policy/ReadOnlyAccess",
          inlinePolicy: "",
          justification: `Access matrix ${randomUUID()}`,
          ownerEmail: "alice@example.com",
          rotationIntervalDays: "90",
        },
      };
    },
    success: { kind: "redirect", to: /^\/requests\/\w+$/ },
    crossUser: { none: "a request is always the caller's own" },
  },
  "app/(dashboard)/requests/actions.ts#decideAction": {
    shape: "state-form",
    build: async () => ({ fields: { id: await pendingRequest("alice"), decision: "approve", comment: "access matrix" } }),
    success: { kind: "ok" },
    crossUser: {
      actor: "mona",
      what: "mona approves her own request",
      refusal: 403,
      build: async () => ({ fields: { id: await pendingRequest("mona"), decision: "approve", comment: "self" } }),
    },
  },
  "app/(dashboard)/requests/actions.ts#cancelRequestAction": {
    shape: "state-form",
    build: async (c) => ({ fields: { id: await pendingRequest(requesterFor(c)) } }),
    success: { kind: "ok" },
    special: { adam: { refusal: 404, why: "alice's request is not adam's to cancel (adam cannot request ProductionDeploy)" } },
    crossUser: {
      actor: "alice",
      what: "alice cancels mona's request",
      refusal: 404,
      build: async () => ({ fields: { id: await pendingRequest("mona") } }),
    },
  },
} satisfies Record<ActionKey, ActionEntry>;

export const ACTION_MATRIX: Readonly<Record<string, ActionEntry>> = MATRIX;
