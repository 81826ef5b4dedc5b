import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { exportKeysCsv } from "@/lib/inventory/export";
import { listKeys } from "@/lib/inventory/keys";
import { keysQuerySchema, SORTS } from "@/lib/inventory/keys-query";
import { DEFAULT_ROTATION_POLICY, type RotationPolicy } from "@/lib/inventory/policy";
import { currentRotationPolicy, updateRotationPolicy } from "@/lib/inventory/policy-store";
import { DAY_MS, KEY_STATES, rotationState, type KeyFacts } from "@/lib/inventory/key-age-state";
import { stateSql } from "@/lib/inventory/key-age-state-sql";
import { keyStats } from "@/lib/inventory/stats";
import { systemCaller } from "@/lib/auth/caller";
import { finishRunIfDone } from "@/lib/inventory/run-account";
import { createRun } from "@/lib/inventory/start-sync";
import { makeUser } from "./helpers";
import { ensureAccount, keyId, removeTestAccounts, TEST_ACCOUNTS } from "./inventory-helpers";

// Fixtures written straight to the database, at the policy's boundaries. Lists evaluate
// at their own "now", a moment later: a key exactly N days old is then N days and a few
// milliseconds old, which stays on the same side of every ">= N days" rule.
const NOW = new Date();
const ago = (d: number) => new Date(NOW.getTime() - d * DAY_MS);
type Fixture = { name: string; facts: KeyFacts; owner: string | null };
const fx = (
  name: string,
  age: number,
  used: number | null,
  extra: Partial<KeyFacts> = {},
  owner: string | null = "ops@example.com",
): Fixture => ({
  name,
  facts: { status: "ACTIVE", createdAt: ago(age), lastUsedAt: used === null ? null : ago(used), deletedAt: null, ...extra },
  owner,
});
const FIXTURES: Fixture[] = [
  ...[0, 74, 75, 89, 90, 91, 400].map((d) => fx(`age-${d}`, d, 1)),
  ...[6, 7, 8].map((d) => fx(`never-${d}`, d, null, {}, "eng@example.com")),
  ...[89, 90, 91].map((d) => fx(`idle-${d}`, 200, d)),
  fx("inactive", 10, 1, { status: "INACTIVE" }),
  fx("deleted", 500, null, { deletedAt: ago(1) }),
  // Ties: same creation time, told apart by key id.
  fx("tie-1", 30, 2, {}, null),
  fx("tie-2", 30, 2, {}, null),
  fx("linked", 30, 2),
];
const ids = new Map(FIXTURES.map((f) => [f.name, keyId(`fixture-${f.name}`)]));

let account: { id: string };
beforeAll(async () => {
  await removeTestAccounts();
  account = await ensureAccount(TEST_ACCOUNTS.main, "Inventory tests");
  const user = await db().iamUser.create({
    data: {
      awsAccountId: account.id,
      accountId: TEST_ACCOUNTS.main,
      userName: "fixtures",
      arn: "arn:aws:iam::444444444444:user/fixtures",
      userId: "AIDAFIXTURES",
      createdAt: ago(600),
    },
    select: { id: true },
  });
  // An integration for user u-linked: the database links its keys to it (triggers).
  await db().integration.create({
    data: {
      name: `inventory-tests-${Date.now()}`,
      awsAccountId: account.id,
      iamUserName: "u-linked",
      targetType: "webhook",
      targetSettings: { url: "https://hooks.example.com/keyless" },
      rotationIntervalDays: 90,
      graceSeconds: 3600,
      ownerEmail: "eng@example.com",
    },
  });
  await db().accessKey.createMany({
    data: FIXTURES.map((f) => ({
      accessKeyId: ids.get(f.name)!,
      awsAccountId: account.id,
      accountId: TEST_ACCOUNTS.main,
      iamUserId: user.id,
      userName: `u-${f.name}`,
      ...f.facts,
      owner: f.owner,
    })),
  });
});
afterAll(removeTestAccounts);

async function sqlStates(policy: RotationPolicy, now: Date) {
  const rows = await db().$queryRaw<{ access_key_id: string; state: string }[]>`
    SELECT k.access_key_id, ${stateSql(policy, now)} AS state FROM access_keys k WHERE k.aws_account_id = ${account.id}`;
  return new Map(rows.map((r) => [r.access_key_id, r.state]));
}

describe("rotation state in SQL and in TypeScript", () => {
  it.each([
    ["the default policy", DEFAULT_ROTATION_POLICY],
    ["a strict policy", { rotateDays: 30, warnDays: 7, unusedDays: 30, neverUsedDays: 1 }],
  ])("gives the same state for every fixture under %s", async (_, policy) => {
    const sql = await sqlStates(policy, NOW);
    for (const f of FIXTURES) expect(sql.get(ids.get(f.name)!), f.name).toBe(rotationState(f.facts, policy, NOW));
    // And the fixtures do sit on the boundaries they claim to.
    if (policy === DEFAULT_ROTATION_POLICY) {
      const s = (n: string) => sql.get(ids.get(n)!);
      expect([s("age-74"), s("age-75"), s("age-89"), s("age-90"), s("age-91")]).toEqual(["ok", "due", "due", "overdue", "overdue"]);
      expect([s("never-6"), s("never-7"), s("never-8")]).toEqual(["ok", "unused", "unused"]);
      expect([s("idle-89"), s("idle-90"), s("idle-91"), s("inactive"), s("deleted")]).toEqual([
        "overdue",
        "unused",
        "unused",
        "inactive",
        "deleted",
      ]);
    }
  });
});

const admin = () => makeUser("adam", ["aws-admins"]);
const query = (q: Record<string, string> = {}) => keysQuerySchema.parse({ accountId: TEST_ACCOUNTS.main, ...q });

describe("keys: paging, filters and who sees what", () => {
  it.each(SORTS.map((s) => [s]))("pages through every key exactly once, in order, sorted by %s", async (sort) => {
    const caller = await admin();
    const all = await listKeys(caller, query({ sort, state: "all", limit: "500" }));
    expect(all.items).toHaveLength(FIXTURES.length);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listKeys(caller, query({ sort, state: "all", limit: "4", ...(cursor ? { cursor } : {}) }));
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((k) => k.accessKeyId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.items.map((k) => k.accessKeyId));
  });

  it("sorts oldest first by default, with ties broken by key id", async () => {
    const page = await listKeys(await admin(), query({ state: "all" }));
    const created = page.items.map((k) => Date.parse(k.createdAt));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    const ties = page.items.filter((k) => k.userName.startsWith("u-tie")).map((k) => k.accessKeyId);
    expect(ties).toEqual([...ties].sort());
  });

  it("filters by state, owner, integration and search, and hides deleted keys unless asked", async () => {
    const caller = await admin();
    const names = async (q: Record<string, string>) =>
      (await listKeys(caller, query({ ...q, limit: "500" }))).items.map((k) => k.userName).sort();
    expect(await names({})).not.toContain("u-deleted");
    expect(await names({ state: "deleted" })).toEqual(["u-deleted"]);
    expect(await names({ state: "unused,inactive" })).toEqual(["u-idle-90", "u-idle-91", "u-inactive", "u-never-7", "u-never-8"]);
    expect(await names({ owner: "ENG@example.com" })).toEqual(["u-never-6", "u-never-7", "u-never-8"]);
    expect(await names({ owner: "none" })).toEqual(["u-tie-1", "u-tie-2"]);
    expect(await names({ integrationId: "any" })).toEqual(["u-linked"]);
    expect(await names({ q: "NEVER-7" })).toEqual(["u-never-7"]);
    expect(await names({ q: ids.get("age-400")!.slice(0, 12) })).toEqual(["u-age-400"]);
    expect(await names({ q: "%" })).toEqual([]);
  });

  it("filters each state, and sets of states, to exactly the keys the evaluator puts in them", async () => {
    // The filter ANDs each state's possible rules to the CASE (stateFilterSql): never a different answer.
    const caller = await admin();
    const policy = await currentRotationPolicy();
    for (const states of [...KEY_STATES.map((s) => [s]), ["overdue", "due"], ["ok", "overdue"], ["unused", "deleted"], [...KEY_STATES]]) {
      const listed = (await listKeys(caller, query({ state: states.join(","), limit: "500" }))).items.map((k) => k.accessKeyId).sort();
      const now = new Date();
      const expected = FIXTURES.filter((f) => states.includes(rotationState(f.facts, policy, now))).map((f) => ids.get(f.name)!);
      expect(listed, states.join(",")).toEqual(expected.sort());
    }
  });

  it("shows engineers only the keys they own, in lists, counts and exports", async () => {
    const eng = await makeUser("eng", ["engineering"]);
    await db().accessKey.updateMany({ where: { accessKeyId: ids.get("never-6")! }, data: { owner: eng.email.toLowerCase() } });
    const page = await listKeys(eng, keysQuerySchema.parse({ state: "all" }));
    expect(page.items.map((k) => k.accessKeyId)).toEqual([ids.get("never-6")]);
    // A state filter's OR of rules (stateFilterSql) stays inside the owner scope: "unused" ORs two
    // rules and matches other people's keys (never-7/8, idle-90/91), none of which she may see.
    for (const state of ["unused", "unused,overdue,due", "ok,unused"]) {
      const filtered = await listKeys(eng, keysQuerySchema.parse({ state, sort: "-lastUsed" }));
      expect(
        filtered.items.map((k) => k.accessKeyId),
        state,
      ).toEqual(state.includes("ok") ? [ids.get("never-6")] : []);
    }
    const stats = await keyStats(eng, {});
    expect(stats.total).toBe(1);
    const csv = await exportKeysCsv(eng, keysQuerySchema.parse({}));
    expect(csv.trim().split("\r\n")).toHaveLength(2);
    expect(csv).toContain(ids.get("never-6"));
  });

  it("refuses a cursor it did not issue, or one from another sort", async () => {
    const caller = await admin();
    await expect(listKeys(caller, query({ cursor: "not-a-cursor" }))).rejects.toBeInstanceOf(ValidationError);
    const first = await listKeys(caller, query({ limit: "2" }));
    await expect(listKeys(caller, query({ sort: "userName", cursor: first.nextCursor! }))).rejects.toThrow(/belongs to sort/);
    const forged = Buffer.from(JSON.stringify({ s: "-age", v: 5, k: "x", t: Date.now() })).toString("base64url");
    await expect(listKeys(caller, query({ cursor: forged }))).rejects.toBeInstanceOf(ValidationError);
  });

  it("counts keys by state consistently with the list", async () => {
    const caller = await admin();
    const stats = await keyStats(caller, { accountId: TEST_ACCOUNTS.main });
    for (const state of ["due", "overdue", "unused"] as const) {
      const listed = await listKeys(caller, query({ state, limit: "500" }));
      expect(stats.byState[state], state).toBe(listed.items.length);
    }
    expect(stats.ages.reduce((n, b) => n + Object.values(b.counts).reduce((a, c) => a + c, 0), 0)).toBe(stats.total);
  });
});

describe("counts reuse", () => {
  it("reuses a count while nothing changed, and recounts once a sync run starts", async () => {
    const caller = await admin();
    const before = await keyStats(caller, { accountId: TEST_ACCOUNTS.main });
    const user = await db().iamUser.findFirstOrThrow({ where: { awsAccountId: account.id }, select: { id: true } });
    await db().accessKey.create({
      data: {
        accessKeyId: keyId("late-arrival"),
        awsAccountId: account.id,
        accountId: TEST_ACCOUNTS.main,
        iamUserId: user.id,
        userName: "u-late",
        status: "ACTIVE",
        createdAt: ago(1),
      },
    });
    // An empty run, closed at once (an unfinished run would stand in for later syncs).
    await finishRunIfDone((await createRun(systemCaller("test"), "manual", [])).id);
    const after = await keyStats(caller, { accountId: TEST_ACCOUNTS.main });
    expect(after.byState.ok).toBe(before.byState.ok + 1);
    await db().accessKey.delete({ where: { accessKeyId: keyId("late-arrival") } });
  });
});

describe("rotation policy", () => {
  it("lets admins change it, audited, and refuses others and nonsense", async () => {
    const caller = await admin();
    const strict = { rotateDays: 60, warnDays: 45, unusedDays: 60, neverUsedDays: 3 };
    try {
      await expect(updateRotationPolicy(await makeUser("mona", ["engineering", "eng-managers"]), strict)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(updateRotationPolicy(caller, { ...strict, warnDays: 70 })).rejects.toThrow();
      await updateRotationPolicy(caller, strict);
      expect(await currentRotationPolicy()).toEqual(strict);
      const entry = await db().auditEvent.findFirst({ where: { action: "settings.rotation_policy.update", actorId: caller.userId } });
      expect(entry?.details).toMatchObject({ before: DEFAULT_ROTATION_POLICY, after: strict });
      // The same key, now past the stricter rotation age.
      expect((await listKeys(caller, query({ q: "u-age-74" }))).items[0]?.state).toBe("overdue");
    } finally {
      await updateRotationPolicy(caller, DEFAULT_ROTATION_POLICY);
    }
  });
});
