import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import type { DemoUser } from "../../users";
import { monaStillSignedIn, newSession, witness } from "./action-matrix";
import { query, roleIdByName, userIdByEmail } from "./db";
import {
  approvalRule,
  breakGlassUse,
  clearBreakGlass,
  cliSession,
  deviceCode,
  integration,
  integrationBody,
  iamUserWithKey,
  liveGrant,
  matrixPerson,
  pendingRequest,
  secretsManagerIntegration,
} from "./fixtures";
import { json, type Answer, type Auth } from "./http";

// One entry per /api operation: the sample request each caller makes, and what the rule
// book does not say (special statuses, the cross-user case). The expected status of every
// other cell comes from the rule book (docs/permissions.md: the operation's permission, the
// roles that hold it); access-matrix.spec.ts fails when an operation has no entry here, an
// entry has no operation, or the rule book does not list it.

export type Caller = "anonymous" | DemoUser;
export const CALLERS: readonly Caller[] = ["anonymous", "alice", "mona", "adam"];

/** `auth` replaces the caller's usual session (a fresh one, for a call that ends every session of its caller). */
export type Req = { path: string; body?: unknown; auth?: Auth };

/** The fifth column: a signed-in person acting on someone else's request or resource. */
export type CrossUser =
  | { actor: DemoUser; what: string; build: () => Promise<Req>; status: number; check?: (answer: Answer) => void | Promise<void> }
  | { none: string };

export type ApiEntry = {
  /** The request a caller makes; built once per cell, so a cell that changes a row has its own. */
  build: (caller: Caller) => Promise<Req>;
  /** Success status for a caller whose role grants the permission. */
  ok: number;
  /** Where the table alone would be wrong, the status and why. */
  special?: Partial<Record<Caller, { status: number; why: string }>>;
  crossUser: CrossUser;
  /** Tables whose fingerprint must hold when the call is refused (default: DOMAIN_TABLES). */
  tables?: readonly string[];
  /** Ends every session of its caller: run after every other cell (and sign the users in again). */
  last?: boolean;
};

/** Routes that are not operations of the OpenAPI document, and where they are tested. */
export const UNDOCUMENTED_ROUTES: Record<string, string> = {
  "/api/auth/{nextauth}": "next-auth's own endpoints: cross-site.spec.ts (CSRF token, redirects), forged-tokens.spec.ts (callback)",
  "/api/v1/{path}": "the API's catch-all 404 for paths that are no operation: access-matrix.spec.ts, fuzz.spec.ts",
  "/api/metrics": "Prometheus scrape endpoint: a scrape token, never a person (METRICS_MATRIX below)",
  "/api/slack/interactions": "Slack's button clicks, authenticated by Slack's signature (support/slack-matrix.ts)",
};

/**
 * GET /api/metrics answers the scrape token (KEYLESS_METRICS_TOKEN) only: no session or
 * CLI token of anyone, admins included, reads it.
 */
export const METRICS_MATRIX: { who: string; auth: "anonymous" | DemoUser | "cli" | "scrape" | "wrong"; status: number }[] = [
  { who: "anonymous", auth: "anonymous", status: 401 },
  { who: "engineer (alice)", auth: "alice", status: 401 },
  { who: "manager (mona)", auth: "mona", status: 401 },
  { who: "admin (adam)", auth: "adam", status: 401 },
  { who: "adam's CLI token", auth: "cli", status: 401 },
  { who: "a wrong scrape token", auth: "wrong", status: 401 },
  { who: "the scrape token", auth: "scrape", status: 200 },
];

/** Ids that exist before the matrix runs (filled by access-matrix.spec.ts). */
export const known = { syncId: "", rotationId: "", integrationId: "" };

const ownerOf = (caller: Caller): DemoUser => (caller === "anonymous" ? "alice" : caller);
/** Whose request a caller's cell is about: adam's groups map to no role that needs approval. */
const requesterFor = (caller: Caller): DemoUser => (caller === "mona" ? "mona" : "alice");
/** A role each person's groups may use (adam is not in engineering). */
const usableRole = (caller: Caller) => roleIdByName(caller === "adam" ? "SandboxAdmin" : "SandboxDeveloper");
const lines = (a: Answer) => a.text.trim().split("\n").slice(1);

export const API_MATRIX: Record<string, ApiEntry> = {
  "GET /api/health": { build: async () => ({ path: "/api/health" }), ok: 200, crossUser: { none: "public liveness, no personal data" } },
  "GET /api/health/live": {
    build: async () => ({ path: "/api/health/live" }),
    ok: 200,
    crossUser: { none: "public liveness, no personal data" },
  },
  "GET /api/v1/openapi.json": { build: async () => ({ path: "/api/v1/openapi.json" }), ok: 200, crossUser: { none: "public document" } },
  "GET /api/v1/me": { build: async () => ({ path: "/api/v1/me" }), ok: 200, crossUser: { none: "answers about the caller only" } },
  "GET /api/v1/aws-roles": {
    build: async () => ({ path: "/api/v1/aws-roles" }),
    ok: 200,
    crossUser: { none: "lists the caller's own roles" },
  },

  "POST /api/v1/credentials": {
    build: async (c) => ({ path: "/api/v1/credentials", body: { roleId: await usableRole(c) } }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice asks for a role only another group may use (SandboxAdmin)",
      build: async () => ({ path: "/api/v1/credentials", body: { roleId: await roleIdByName("SandboxAdmin") } }),
      status: 403,
    },
  },
  "POST /api/v1/console-url": {
    build: async (c) => ({ path: "/api/v1/console-url", body: { roleId: await usableRole(c) } }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice asks for a console link to another group's role (SandboxAdmin)",
      build: async () => ({ path: "/api/v1/console-url", body: { roleId: await roleIdByName("SandboxAdmin") } }),
      status: 403,
    },
  },

  "GET /api/v1/audit": {
    build: async () => ({ path: "/api/v1/audit?limit=20" }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice filters the audit log by mona: she still sees only her own entries",
      build: async () => ({ path: "/api/v1/audit?actor=mona%40example.com&limit=500" }),
      status: 200,
      check: (a) =>
        expect(json<{ items: { actorEmail: string }[] }>(a).items.filter((e) => e.actorEmail !== "alice@example.com")).toEqual([]),
    },
  },
  "GET /api/v1/audit/export": {
    build: async () => ({ path: "/api/v1/audit/export?since=2020-01-01" }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice exports the audit log: only her own entries",
      build: async () => ({ path: "/api/v1/audit/export" }),
      status: 200,
      check: (a) => {
        expect(lines(a).length).toBeGreaterThan(0);
        expect(a.text).not.toMatch(/^\d+,[^,]*,(?!alice@example\.com,)/m);
      },
    },
  },

  "POST /api/v1/device/authorize": {
    build: async () => ({ path: "/api/v1/device/authorize", body: { client_name: "access matrix" } }),
    ok: 200,
    crossUser: { none: "public: starts a sign-in that a person must still approve" },
  },
  "POST /api/v1/device/token": {
    build: async () => ({
      path: "/api/v1/device/token",
      body: { grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: (await deviceCode()).device_code },
    }),
    ok: 400,
    crossUser: {
      none: "public: the device code is the CLI's own secret (RFC 8628); a code nobody approved gets 400 authorization_pending",
    },
  },
  "GET /api/v1/cli-sessions": {
    build: async () => ({ path: "/api/v1/cli-sessions" }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice lists CLI sessions: none of mona's",
      build: async () => {
        monaSessions.push((await cliSession("mona")).session_id);
        return { path: "/api/v1/cli-sessions" };
      },
      status: 200,
      check: (a) => {
        const ids = json<{ id: string }[] | { items: { id: string }[] }>(a);
        const list = Array.isArray(ids) ? ids : ids.items;
        expect(list.filter((s) => monaSessions.includes(s.id))).toEqual([]);
      },
    },
  },
  "DELETE /api/v1/cli-sessions/{id}": {
    build: async (c) => ({ path: `/api/v1/cli-sessions/${(await cliSession(ownerOf(c))).session_id}` }),
    ok: 204,
    crossUser: {
      actor: "mona",
      what: "mona revokes alice's CLI session",
      build: async () => ({ path: `/api/v1/cli-sessions/${(await cliSession("alice")).session_id}` }),
      status: 404,
    },
  },

  "GET /api/v1/access-requests": {
    build: async () => ({ path: "/api/v1/access-requests" }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice asks for everyone's requests (?scope=all)",
      build: async () => ({ path: "/api/v1/access-requests?scope=all" }),
      status: 403,
    },
  },
  "POST /api/v1/access-requests": {
    build: async () => ({
      path: "/api/v1/access-requests",
      body: {
        kind: "ROLE_ACCESS",
        roleId: await roleIdByName("ProductionDeploy"),
        durationSeconds: 3600,
        justification: `Access matrix ${randomUUID()}`,
      },
    }),
    ok: 201,
    special: { adam: { status: 404, why: "ProductionDeploy is for engineering; a role your groups do not map to is not found" } },
    crossUser: { none: "a request is always the caller's own" },
  },
  "GET /api/v1/access-requests/{id}": {
    build: async (c) => ({ path: `/api/v1/access-requests/${await pendingRequest(requesterFor(c))}` }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice reads mona's request",
      build: async () => ({ path: `/api/v1/access-requests/${await pendingRequest("mona")}` }),
      status: 404,
    },
  },
  "POST /api/v1/access-requests/{id}/approve": {
    build: async () => ({ path: `/api/v1/access-requests/${await pendingRequest("alice")}/approve`, body: { comment: "access matrix" } }),
    ok: 200,
    crossUser: {
      actor: "mona",
      what: "mona approves her own request",
      build: async () => ({ path: `/api/v1/access-requests/${await pendingRequest("mona")}/approve`, body: { comment: "self" } }),
      status: 403,
    },
  },
  "POST /api/v1/access-requests/{id}/deny": {
    build: async () => ({ path: `/api/v1/access-requests/${await pendingRequest("alice")}/deny`, body: { comment: "access matrix" } }),
    ok: 200,
    crossUser: {
      actor: "mona",
      what: "mona denies her own request",
      build: async () => ({ path: `/api/v1/access-requests/${await pendingRequest("mona")}/deny`, body: { comment: "self" } }),
      status: 403,
    },
  },
  "POST /api/v1/access-requests/{id}/cancel": {
    build: async (c) => ({ path: `/api/v1/access-requests/${await pendingRequest(requesterFor(c))}/cancel` }),
    ok: 200,
    special: { adam: { status: 404, why: "adam cannot request ProductionDeploy; alice's request is not his to cancel" } },
    crossUser: {
      actor: "alice",
      what: "alice cancels mona's request",
      build: async () => ({ path: `/api/v1/access-requests/${await pendingRequest("mona")}/cancel` }),
      status: 404,
    },
  },
  "GET /api/v1/grants": {
    build: async () => ({ path: "/api/v1/grants" }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice asks for everyone's grants (?scope=all)",
      build: async () => ({ path: "/api/v1/grants?scope=all" }),
      status: 403,
    },
  },
  "DELETE /api/v1/grants/{id}": {
    build: async () => ({ path: `/api/v1/grants/${await liveGrant("alice")}?reason=access%20matrix` }),
    ok: 200,
    crossUser: {
      actor: "mona",
      what: "mona (who approves) revokes alice's grant: only admins revoke",
      build: async () => ({ path: `/api/v1/grants/${await liveGrant("alice")}` }),
      status: 403,
    },
  },

  "POST /api/v1/aws-roles/{id}/break-glass": {
    build: async (c) => {
      if (c !== "anonymous") await clearBreakGlass(c);
      const roleId = await roleIdByName("ProductionBreakGlass");
      return { path: `/api/v1/aws-roles/${roleId}/break-glass`, body: { justification: `Access matrix ${randomUUID()}` } };
    },
    ok: 201,
    special: { adam: { status: 404, why: "ProductionBreakGlass is for engineering; a role your groups do not map to is not found" } },
    crossUser: {
      actor: "alice",
      what: "alice breaks glass on a role only another group may use (ProductionAdmin)",
      build: async () => ({
        path: `/api/v1/aws-roles/${await roleIdByName("ProductionAdmin")}/break-glass`,
        body: { justification: `Access matrix ${randomUUID()}` },
      }),
      status: 404,
    },
  },
  "POST /api/v1/grants/{id}/review": {
    build: async () => ({ path: `/api/v1/grants/${await breakGlassUse("alice")}/review`, body: { comment: "access matrix review" } }),
    ok: 200,
    crossUser: {
      actor: "mona",
      what: "mona reviews her own break-glass use",
      build: async () => ({ path: `/api/v1/grants/${await breakGlassUse("mona")}/review`, body: { comment: "self" } }),
      status: 403,
    },
  },
  "GET /api/v1/approval-rules": {
    build: async () => ({ path: "/api/v1/approval-rules" }),
    ok: 200,
    crossUser: { none: "approval rules are configuration, not per person" },
  },
  "POST /api/v1/approval-rules": {
    build: async () => ({
      path: "/api/v1/approval-rules",
      body: {
        scope: { type: "global" },
        kind: "ROLE_ACCESS",
        requesterGroups: [`matrix-${randomUUID().slice(0, 8)}`],
        approverGroups: ["aws-admins"],
      },
    }),
    ok: 201,
    crossUser: { none: "approval rules are configuration, not per person" },
  },
  "PATCH /api/v1/approval-rules/{id}": {
    build: async () => ({
      path: `/api/v1/approval-rules/${await approvalRule()}`,
      body: { approverGroups: ["aws-admins", "matrix-approvers"] },
    }),
    ok: 200,
    crossUser: { none: "approval rules are configuration, not per person" },
  },
  "DELETE /api/v1/approval-rules/{id}": {
    build: async () => ({ path: `/api/v1/approval-rules/${await approvalRule()}` }),
    ok: 204,
    crossUser: { none: "approval rules are configuration, not per person" },
  },

  "GET /api/v1/keys": {
    build: async () => ({ path: "/api/v1/keys?limit=50" }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice lists keys: only those she owns",
      build: async () => ({ path: "/api/v1/keys?limit=200" }),
      status: 200,
      check: (a) => {
        const items = json<{ items: { owner: string | null }[] }>(a).items;
        expect(items.length).toBeGreaterThan(0);
        expect(items.filter((k) => k.owner !== "alice@example.com")).toEqual([]);
      },
    },
  },
  "GET /api/v1/keys/export": {
    build: async () => ({ path: "/api/v1/keys/export" }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice exports keys: none owned by anyone else",
      build: async () => ({ path: "/api/v1/keys/export" }),
      status: 200,
      check: (a) => {
        expect(lines(a).length).toBeGreaterThan(0);
        expect(a.text).not.toMatch(/(mona|adam|bob|carol)@example\.com/);
      },
    },
  },
  "GET /api/v1/keys/owners": {
    build: async () => ({ path: "/api/v1/keys/owners" }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice lists key owners: only herself",
      build: async () => ({ path: "/api/v1/keys/owners" }),
      status: 200,
      check: (a) => expect(JSON.stringify(json<{ items: unknown[] }>(a).items)).not.toMatch(/(mona|adam|bob|carol)@example\.com/),
    },
  },
  "GET /api/v1/keys/accounts": {
    build: async () => ({ path: "/api/v1/keys/accounts" }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice lists key accounts: only those holding her keys",
      build: async () => ({ path: "/api/v1/keys/accounts" }),
      status: 200,
      check: async (a) => {
        const own = await query<{ account_id: string }>("SELECT DISTINCT account_id FROM access_keys WHERE owner = 'alice@example.com'");
        const listed = json<{ items: { accountId: string }[] }>(a).items.map((i) => i.accountId);
        expect(listed.sort()).toEqual(own.map((r) => r.account_id).sort());
      },
    },
  },
  "POST /api/v1/inventory/sync": {
    build: async () => ({ path: "/api/v1/inventory/sync" }),
    ok: 202,
    crossUser: { none: "not per person" },
    tables: ["inventory_syncs", "aws_accounts"],
  },
  "GET /api/v1/inventory/sync/{jobId}": {
    build: async () => ({ path: `/api/v1/inventory/sync/${known.syncId}` }),
    ok: 200,
    crossUser: { none: "not per person" },
  },

  "GET /api/v1/integrations": {
    build: async () => ({ path: "/api/v1/integrations" }),
    ok: 200,
    crossUser: { none: "not per person (admins only)" },
  },
  "POST /api/v1/integrations": {
    build: async () => ({ path: "/api/v1/integrations", body: integrationBody(await iamUserWithKey()) }),
    ok: 201,
    crossUser: { none: "not per person (admins only)" },
  },
  "GET /api/v1/integrations/{id}": {
    build: async () => ({ path: `/api/v1/integrations/${known.integrationId}` }),
    ok: 200,
    crossUser: { none: "not per person (admins only)" },
  },
  "PATCH /api/v1/integrations/{id}": {
    build: async () => ({ path: `/api/v1/integrations/${known.integrationId}`, body: { name: `Matrix ${randomUUID().slice(0, 8)}` } }),
    ok: 200,
    crossUser: { none: "not per person (admins only)" },
  },
  "DELETE /api/v1/integrations/{id}": {
    build: async (c) => ({ path: `/api/v1/integrations/${c === "adam" ? (await integration()).id : known.integrationId}` }),
    ok: 204,
    crossUser: { none: "not per person (admins only)" },
  },
  "POST /api/v1/integrations/{id}/rotate": {
    build: async (c) => ({ path: `/api/v1/integrations/${c === "adam" ? (await integration()).id : known.integrationId}/rotate` }),
    ok: 202,
    crossUser: { none: "not per person (admins only)" },
  },
  "POST /api/v1/integrations/{id}/adopt-secret": {
    build: async () => ({ path: `/api/v1/integrations/${(await secretsManagerIntegration()).id}/adopt-secret` }),
    ok: 200,
    crossUser: { none: "not per person (admins only)" },
  },
  "GET /api/v1/rotations/{id}": {
    build: async () => ({ path: `/api/v1/rotations/${known.rotationId}` }),
    ok: 200,
    crossUser: { none: "not per person (admins only)" },
  },

  "GET /api/v1/people": {
    build: async () => ({ path: "/api/v1/people?limit=20" }),
    ok: 200,
    crossUser: { none: "admins only (people.read): the engineer and manager cells are the refusals" },
  },
  "GET /api/v1/people/{id}": {
    build: async () => ({ path: `/api/v1/people/${await userIdByEmail("alice@example.com")}` }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice reads her own person record: it is an admin's view, not hers",
      build: async () => ({ path: `/api/v1/people/${await userIdByEmail("alice@example.com")}` }),
      status: 403,
    },
  },
  "POST /api/v1/people/{id}/suspend": {
    build: async () => ({ path: `/api/v1/people/${(await matrixPerson()).id}/suspend`, body: { reason: "access matrix" } }),
    ok: 200,
    crossUser: {
      actor: "adam",
      what: "adam suspends himself",
      build: async () => ({ path: `/api/v1/people/${await userIdByEmail("adam@example.com")}/suspend`, body: { reason: "self" } }),
      status: 403,
    },
  },
  "POST /api/v1/people/{id}/reactivate": {
    build: async () => ({ path: `/api/v1/people/${(await matrixPerson({ suspendedBy: "admin" })).id}/reactivate` }),
    ok: 200,
    crossUser: {
      actor: "adam",
      what: "adam reactivates a person the IdP deactivated (SCIM): only SCIM lifts it",
      build: async () => {
        scimSuspended.id = (await matrixPerson({ suspendedBy: "scim" })).id;
        return { path: `/api/v1/people/${scimSuspended.id}/reactivate` };
      },
      status: 409,
      check: async () => {
        const [row] = await query<{ status: string }>("SELECT status FROM users WHERE id = $1", [scimSuspended.id]);
        expect(row?.status, "the SCIM-suspended person was reactivated").toBe("suspended");
      },
    },
  },
  "POST /api/v1/people/{id}/revoke-aws-sessions": {
    build: async () => ({
      path: `/api/v1/people/${(await matrixPerson({ awsSession: true })).id}/revoke-aws-sessions`,
      body: { reason: "access matrix" },
    }),
    ok: 200,
    crossUser: { none: "admins act on anyone: the engineer and manager cells are the refusals" },
  },
  "GET /api/v1/me/sessions": {
    build: async () => ({ path: "/api/v1/me/sessions" }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice lists her sessions: none of mona's",
      build: async () => {
        monaSessions.push((await cliSession("mona")).session_id);
        return { path: "/api/v1/me/sessions" };
      },
      status: 200,
      check: (a) => expect(json<{ cli: { id: string }[] }>(a).cli.filter((s) => monaSessions.includes(s.id))).toEqual([]),
    },
  },
  "POST /api/v1/me/revoke-sessions": {
    build: async (c) => ({ path: "/api/v1/me/revoke-sessions", auth: c === "anonymous" ? undefined : await freshAuth(c) }),
    ok: 200,
    crossUser: {
      actor: "alice",
      what: "alice revokes all her sessions: mona stays signed in",
      build: async () => {
        witness.cookie = await newSession("mona");
        return { path: "/api/v1/me/revoke-sessions", auth: await freshAuth("alice") };
      },
      status: 200,
      check: () => monaStillSignedIn(),
    },
    last: true,
  },
};

const monaSessions: string[] = [];
const scimSuspended = { id: "" };
/** A browser session of its own, so that the calls that end every session do not end the suite's before their turn. */
const freshAuth = async (user: DemoUser): Promise<Auth> => ({ cookie: await newSession(user) });

/** The latest rotation and inventory run, for the GET cells (made by adam if the e2e run left none). */
export async function latest(kind: "rotation" | "sync"): Promise<string | undefined> {
  const sql =
    kind === "rotation"
      ? "SELECT id FROM rotations ORDER BY started_at DESC LIMIT 1"
      : "SELECT id FROM inventory_syncs ORDER BY created_at DESC LIMIT 1";
  return (await query<{ id: string }>(sql))[0]?.id;
}
