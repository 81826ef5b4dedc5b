import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { collectDatabaseMetrics } from "@/lib/metrics/collect";
import { ensureAccount, keyId } from "./inventory-helpers";

// Keys gone from AWS are one "deleted" series whatever their last status: a series twice
// makes Prometheus reject the whole scrape (and a reader that keeps the last one undercounts).
const ACCOUNT = "777777777777";
const removeAccount = () => db().awsAccount.deleteMany({ where: { accountId: ACCOUNT } });

beforeAll(async () => {
  await removeAccount();
  const account = await ensureAccount(ACCOUNT, "Metrics tests");
  const user = await db().iamUser.create({
    data: {
      awsAccountId: account.id,
      accountId: ACCOUNT,
      userName: "metrics",
      arn: `arn:aws:iam::${ACCOUNT}:user/metrics`,
      userId: "AIDAMETRICS",
      createdAt: new Date(),
    },
    select: { id: true },
  });
  const key = (name: string, status: "ACTIVE" | "INACTIVE", deleted: boolean) => ({
    accessKeyId: keyId(name),
    awsAccountId: account.id,
    accountId: ACCOUNT,
    iamUserId: user.id,
    userName: "metrics",
    status,
    createdAt: new Date(Date.now() - 86_400_000),
    deletedAt: deleted ? new Date() : null,
  });
  await db().accessKey.createMany({
    data: [key("m-del-active", "ACTIVE", true), key("m-del-inactive", "INACTIVE", true), key("m-active", "ACTIVE", false)],
  });
});
afterAll(removeAccount);

it("reports each access-key status once, and the series add up to the rows", async () => {
  const lines = (await collectDatabaseMetrics()).split("\n").filter((l) => l.startsWith("keyless_access_keys{"));
  const series = lines.map((l) => l.slice(0, l.lastIndexOf(" ")));
  expect(new Set(series).size).toBe(series.length);
  const value = (status: string) => Number(lines.find((l) => l.startsWith(`keyless_access_keys{status="${status}"}`))?.split(" ")[1] ?? 0);
  const [rows] = await db().$queryRaw<{ deleted: bigint; total: bigint }[]>`
    SELECT count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted, count(*) AS total FROM access_keys`;
  expect(value("deleted")).toBe(Number(rows!.deleted));
  expect(lines.reduce((n, l) => n + Number(l.split(" ")[1]), 0)).toBe(Number(rows!.total));
});
