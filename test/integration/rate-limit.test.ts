import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { RateLimitError } from "@/lib/errors";
import { cliAuthCleanupJob } from "@/lib/jobs/definitions/cli-auth-cleanup";
import { handlerFor } from "@/lib/jobs/handlers";
import { consumeRateLimit } from "@/lib/rate-limit/limiter";

// Hour-long windows: a test never straddles a window boundary by accident.
const HOUR = 3600;

describe("the Postgres rate limiter", () => {
  it("lets exactly `limit` of many concurrent requests through, as several app instances would", async () => {
    const key = `test:${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        consumeRateLimit([{ key, limit: 25 }], HOUR).then(
          () => "ok",
          (e: unknown) => e,
        ),
      ),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(25);
    expect(results.filter((r) => r instanceof RateLimitError)).toHaveLength(15);
    const row = await db().rateLimitCounter.findUniqueOrThrow({ where: { key } });
    expect(row.count).toBe(40);
  });

  it("checks several limits in one statement; the tightest refuses, with the longest wait", async () => {
    const loose = `test:${randomUUID()}`;
    const tight = `test:${randomUUID()}`;
    await consumeRateLimit(
      [
        { key: loose, limit: 100 },
        { key: tight, limit: 1 },
      ],
      HOUR,
    );
    const error = await consumeRateLimit(
      [
        { key: loose, limit: 100 },
        { key: tight, limit: 1 },
      ],
      HOUR,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterSeconds).toBeGreaterThan(1);
    expect((await db().rateLimitCounter.findUniqueOrThrow({ where: { key: loose } })).count).toBe(2);
  });

  it("counts nothing for a limit of 0 (off)", async () => {
    const key = `test:${randomUUID()}`;
    for (let i = 0; i < 3; i++) await consumeRateLimit([{ key, limit: 0 }], HOUR);
    expect(await db().rateLimitCounter.findUnique({ where: { key } })).toBeNull();
  });

  it("rolls the window over: last window's count becomes the previous count", async () => {
    const key = `test:${randomUUID()}`;
    await consumeRateLimit([{ key, limit: 10 }], 60);
    await db()
      .$executeRaw`UPDATE rate_limit_counters SET window_start = window_start - interval '60 seconds', count = 7 WHERE key = ${key}`;
    await consumeRateLimit([{ key, limit: 10 }], 60);
    const row = await db().rateLimitCounter.findUniqueOrThrow({ where: { key } });
    expect(row).toMatchObject({ count: 1, prevCount: 7 });
  });
});

describe("the hourly cleanup job", () => {
  it("forgets expired codes, long-ended sessions and idle counters, and nothing else", async () => {
    const user = await db().user.create({ data: { email: `cleanup-${randomUUID().slice(0, 8)}@example.com` }, select: { id: true } });
    const old = new Date(Date.now() - 10 * 86_400_000);
    const soon = new Date(Date.now() + 3_600_000);
    const device = (expiresAt: Date) => ({ deviceCodeHash: randomUUID(), userCodeHash: randomUUID(), clientName: "t", expiresAt });
    const [expiredCode, liveCode] = await Promise.all([
      db().deviceAuthorization.create({ data: device(old) }),
      db().deviceAuthorization.create({ data: device(soon) }),
    ]);
    const session = (expiresAt: Date, revokedAt: Date | null) => ({
      userId: user.id,
      clientName: "t",
      accessTokenHash: randomUUID(),
      accessExpiresAt: expiresAt,
      expiresAt,
      revokedAt,
    });
    const [ended, revokedLongAgo, active] = await Promise.all([
      db().cliSession.create({ data: session(old, null) }),
      db().cliSession.create({ data: session(soon, old) }),
      db().cliSession.create({ data: session(soon, null) }),
    ]);
    const idleKey = `test:${randomUUID()}`;
    await db().rateLimitCounter.create({ data: { key: idleKey, windowStart: old, count: 3 } });

    await handlerFor(cliAuthCleanupJob)({}, { id: "test", retryCount: 0 });

    expect(await db().deviceAuthorization.findUnique({ where: { id: expiredCode.id } })).toBeNull();
    expect(await db().deviceAuthorization.findUnique({ where: { id: liveCode.id } })).not.toBeNull();
    expect(await db().cliSession.findUnique({ where: { id: ended.id } })).toBeNull();
    expect(await db().cliSession.findUnique({ where: { id: revokedLongAgo.id } })).toBeNull();
    expect(await db().cliSession.findUnique({ where: { id: active.id } })).not.toBeNull();
    expect(await db().rateLimitCounter.findUnique({ where: { key: idleKey } })).toBeNull();
  });
});
