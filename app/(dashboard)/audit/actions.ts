"use server";

import { action } from "@/lib/actions/action";
import { verifyAuditChain } from "@/lib/audit/query";

export const verifyChainAction = action({
  permission: "audit.read.all",
  handler: ({ caller }) => verifyAuditChain(caller),
});
