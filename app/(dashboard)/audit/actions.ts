"use server";

import { runAction } from "@/lib/actions/result";
import { verifyAuditChain } from "@/lib/audit/query";
import { requireCaller } from "@/lib/auth/current";

export async function verifyChainAction() {
  return runAction(async () => verifyAuditChain(await requireCaller()));
}
