import "server-only";
import { auditSystemStep } from "@/lib/audit/record";
import { systemCaller } from "@/lib/auth/caller";
import { db, Prisma, type Tx } from "@/lib/db";
import { openLegacyToken, sealBoundToken } from "@/lib/targets/token-binding";
import { logger } from "@/lib/logger";
import { isTargetType } from "@/lib/targets";
import { bindingFor } from "@/lib/targets/identity";

// Tokens sealed before they were bound to an endpoint (migration 20261208130000): sealed
// again, bound to the settings their row has now, so that from then on a change of
// endpoint needs a new token and a binding altered in the database does not open. Run by
// the worker when it starts; a row already bound, or changed meanwhile, is left alone.

type Row = { id: string; targetType: string | null; targetSettings: unknown; targetTokenEncrypted: string | null };

async function rebind(tx: Tx, kind: "integration" | "access-request", row: Row): Promise<boolean> {
  if (!row.targetTokenEncrypted || !row.targetType || !isTargetType(row.targetType)) return false;
  const scope = `${kind}:${row.id}`;
  const binding = bindingFor(row.targetType, row.targetSettings);
  let sealed: string;
  try {
    sealed = sealBoundToken(scope, openLegacyToken(scope, row.targetTokenEncrypted), binding);
  } catch (error) {
    logger().warn({ err: error, kind, id: row.id }, "a legacy target token does not decrypt; left as it is");
    return false;
  }
  const where = { id: row.id, targetTokenEncrypted: row.targetTokenEncrypted, targetTokenBinding: { equals: Prisma.DbNull } };
  const data = { targetTokenEncrypted: sealed, targetTokenBinding: binding };
  const { count } =
    kind === "integration" ? await tx.integration.updateMany({ where, data }) : await tx.accessRequest.updateMany({ where, data });
  return count === 1;
}

export async function bindLegacyTargetTokens(): Promise<{ integrations: number; requests: number }> {
  const select = { id: true, targetType: true, targetSettings: true, targetTokenEncrypted: true } as const;
  const unbound = { targetTokenEncrypted: { not: null }, targetTokenBinding: { equals: Prisma.DbNull } };
  const integrations = await db().integration.findMany({ where: unbound, select });
  const requests = await db().accessRequest.findMany({
    where: { ...unbound, status: { in: ["PENDING", "APPROVED", "PROVISIONING"] } },
    select,
  });
  if (integrations.length + requests.length === 0) return { integrations: 0, requests: 0 };
  // The rows commit with their entry: when the log cannot record it, none is rebound, and the
  // next start tries again.
  return db().$transaction(async (tx) => {
    let done = { integrations: 0, requests: 0 };
    for (const row of integrations) if (await rebind(tx, "integration", row)) done = { ...done, integrations: done.integrations + 1 };
    for (const row of requests) if (await rebind(tx, "access-request", row)) done = { ...done, requests: done.requests + 1 };
    if (done.integrations + done.requests > 0) {
      await auditSystemStep(systemCaller("target-tokens"), { action: "target_tokens.bind", outcome: "success", details: done }, tx);
    }
    return done;
  });
}
