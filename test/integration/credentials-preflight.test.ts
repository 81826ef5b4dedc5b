import { describe, expect, it } from "vitest";
import type { UserCaller } from "@/lib/auth/caller";
import { issueCredentials } from "@/lib/credentials/issue";
import { db, sql } from "@/lib/db";
import { env } from "@/lib/env";
import { ForbiddenError, NotFoundError, RateLimitError } from "@/lib/errors";
import { countStsCalls, lastAudit, makeUser, roleId } from "./helpers";

// The vending path's single statement before STS (lib/credentials/preflight.ts): each way
// it refuses, and that a refusal never reaches STS (the server's STS client counts its calls).

const stsCalls = countStsCalls();

async function refusedWithoutSts(caller: UserCaller, id: string): Promise<unknown> {
  const before = stsCalls.length;
  const error = await issueCredentials(caller, { roleId: id }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(stsCalls.length).toBe(before);
  return error;
}

async function grantFor(userId: string, awsRoleId: string, grant: { expiresAt: Date; revokedAt?: Date }) {
  const request = await db().accessRequest.create({
    data: {
      kind: "ROLE_ACCESS",
      status: "APPROVED",
      requesterId: userId,
      justification: "on call",
      expiresAt: grant.expiresAt,
      awsRoleId,
      durationSeconds: 3600,
    },
    select: { id: true },
  });
  await db().grant.create({ data: { userId, awsRoleId, requestId: request.id, ...grant }, select: { id: true } });
}

describe("the vending path's one statement before STS", () => {
  it("issues with a live grant, calling STS once", async () => {
    const dana = await makeUser("dana", ["engineering"]);
    const role = await roleId("ProductionDeploy");
    await grantFor(dana.userId, role, { expiresAt: new Date(Date.now() + 3600_000) });
    const before = stsCalls.length;
    const creds = await issueCredentials(dana, { roleId: role });
    expect(creds.accountId).toBe("222222222222");
    // (The server's own identity is asked once per process, and may be asked here.)
    expect(stsCalls.slice(before).filter((c) => c !== "GetCallerIdentityCommand")).toEqual(["AssumeRoleCommand"]);
  });

  it("refuses a role that needs approval without a grant, with an expired one and with a revoked one", async () => {
    const role = await roleId("ProductionDeploy");
    const none = await makeUser("erin", ["engineering"]);
    const expired = await makeUser("erin", ["engineering"]);
    await grantFor(expired.userId, role, { expiresAt: new Date(Date.now() - 60_000) });
    const revoked = await makeUser("erin", ["engineering"]);
    await grantFor(revoked.userId, role, { expiresAt: new Date(Date.now() + 3600_000), revokedAt: new Date() });
    for (const caller of [none, expired, revoked]) {
      const error = await refusedWithoutSts(caller, role);
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as Error).message).toMatch(/requires approval/);
      expect(await lastAudit(caller.userId, "credentials.issue")).toMatchObject({
        outcome: "denied",
        details: { reason: "requires approval" },
      });
    }
  });

  it("refuses a role not mapped to the person's groups, and one that does not exist", async () => {
    const frank = await makeUser("frank", ["engineering"]);
    expect(await refusedWithoutSts(frank, await roleId("ProductionAdmin"))).toBeInstanceOf(ForbiddenError);
    expect(await lastAudit(frank.userId, "credentials.issue")).toMatchObject({ outcome: "denied" });
    expect(await refusedWithoutSts(frank, "no-such-role")).toBeInstanceOf(NotFoundError);
  });

  it("refuses once the person's limit is reached, audits the first refusal, and counts in the same statement", async () => {
    const gina = await makeUser("gina", ["engineering"]);
    const key = `credentials:user:${gina.userId}`;
    const limit = env().KEYLESS_CREDENTIALS_USER_RATE_LIMIT_PER_MINUTE;
    // This minute's window already full: the statement counts this request and refuses it.
    await sql(
      `INSERT INTO rate_limit_counters (key, window_start, count, prev_count)
       VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / 60) * 60), $2, 0)`,
      [key, limit],
    );
    const error = await refusedWithoutSts(gina, await roleId("SandboxDeveloper"));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await lastAudit(gina.userId, "credentials.issue")).toMatchObject({
      outcome: "denied",
      details: { reason: "rate limited", limit: "per person" },
    });
    const [counter] = await sql<{ count: number }>("SELECT count FROM rate_limit_counters WHERE key = $1", [key]);
    expect(counter?.count).toBe(limit + 1);
    // Refused again: counted, not audited again (a runaway loop must not flood the log).
    expect(await refusedWithoutSts(gina, await roleId("SandboxDeveloper"))).toBeInstanceOf(RateLimitError);
    expect(await db().auditEvent.count({ where: { actorId: gina.userId, action: "credentials.issue" } })).toBe(1);
  });
});
