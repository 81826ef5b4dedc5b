import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { listOrganizationAccounts } from "@/lib/aws/organizations";
import { assumeRole } from "@/lib/aws/sts";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// Accounts from AWS Organizations: when an organizations role is configured, every sync
// first adds the organisation's active accounts that Keyless does not know yet (their
// inventory role is the default name in each; ListAccounts is paged to the end). Accounts the
// organisation lists as suspended (or closing) are returned so the run skips them: their
// roles cannot be assumed, and they would show as failures every run. A failure here is
// reported on the run and the configured accounts are synced anyway.

export type Discovery = { added: string[]; suspended: string[]; error: string | null };

export async function discoverAccounts(caller: Caller, roleArn = env().KEYLESS_ORGANIZATIONS_ROLE_ARN): Promise<Discovery> {
  if (!roleArn) return { added: [], suspended: [], error: null };
  try {
    const c = await assumeRole({ roleArn, roleSessionName: "keyless-inventory", durationSeconds: 900 });
    const listed = await listOrganizationAccounts({
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
    });
    const known = new Set((await db().awsAccount.findMany({ select: { accountId: true } })).map((a) => a.accountId));
    const suspended = listed.filter((a) => a.status !== "ACTIVE" && known.has(a.accountId)).map((a) => a.accountId);
    const fresh = listed.filter((a) => a.status === "ACTIVE" && /^\d{12}$/.test(a.accountId) && !known.has(a.accountId));
    if (fresh.length === 0) return { added: [], suspended, error: null };
    await db().awsAccount.createMany({
      data: fresh.map((a) => ({ accountId: a.accountId, name: a.name.slice(0, 64), description: "Discovered through AWS Organizations" })),
      skipDuplicates: true,
    });
    await withAudit(caller, "account.discover", undefined, {
      details: { source: "organizations", accounts: fresh.map((a) => ({ accountId: a.accountId, name: a.name })) },
    });
    return { added: fresh.map((a) => a.accountId), suspended, error: null };
  } catch (error) {
    return {
      added: [],
      suspended: [],
      error: `AWS Organizations discovery failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 1000),
    };
  }
}
