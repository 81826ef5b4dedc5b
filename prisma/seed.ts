// Seeds the sandbox's accounts and role mappings. Idempotent: existing rows are left as
// an admin may have edited them, so a second `npm run demo` keeps their changes.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client";
import { DEMO_ACCOUNTS, DEMO_ROLES, inventoryRoleArn, roleArn } from "./demo-data";

export async function seedDatabase(databaseUrl: string): Promise<void> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    const ids = new Map<string, string>();
    for (const a of DEMO_ACCOUNTS) {
      const row = await db.awsAccount.upsert({
        where: { accountId: a.accountId },
        create: { accountId: a.accountId, name: a.name, description: a.description, inventoryRoleArn: inventoryRoleArn(a.accountId) },
        update: {},
        select: { id: true },
      });
      ids.set(a.accountId, row.id);
      // Databases seeded before the inventory existed get the role too (an admin's own value stays).
      await db.awsAccount.updateMany({
        where: { accountId: a.accountId, inventoryRoleArn: null },
        data: { inventoryRoleArn: inventoryRoleArn(a.accountId) },
      });
    }
    for (const r of DEMO_ROLES) {
      const awsAccountId = ids.get(r.accountId);
      if (!awsAccountId) continue;
      await db.awsRole.upsert({
        where: { roleArn: roleArn(r) },
        create: {
          awsAccountId,
          roleArn: roleArn(r),
          roleName: r.roleName,
          description: r.description,
          maxDurationSeconds: r.maxDurationSeconds,
          requiresApproval: r.requiresApproval,
          allowedGroups: r.allowedGroups,
          deliveryMode: r.deliveryMode,
          breakGlass: r.breakGlassSeconds !== undefined,
          breakGlassMaxSeconds: r.breakGlassSeconds ?? 3600,
        },
        update: {},
      });
    }
    // Anyone may request anything, and managers in eng-managers approve it (admins always
    // may). Admins scope rules to a role or an account on Admin → Approval rules.
    if ((await db.approvalRule.count()) === 0) {
      await db.approvalRule.create({ data: { requesterGroups: ["*"], kind: null, approverGroups: ["eng-managers"] } });
    }
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required");
  await seedDatabase(url);
  console.log("Seeded demo accounts and role mappings.");
}
