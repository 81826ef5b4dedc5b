// The audit completeness table's vocabulary: what a case returns (the rows it expects the
// log to hold), and the helpers that name actors and targets the way lib/audit writes them.
import type { AuditAction } from "@/lib/audit/actions";
import type { AuditOutcome } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";

export type Target = { type: string; id: string } | null;

/** One audit row as a person reading the log sees it: who, what, how it ended, on what. */
export type Expected = { actor: string | null; action: AuditAction; outcome: AuditOutcome; target: Target };

/**
 * How to cause an action, refusals included, against the real database (DAL called
 * directly); or the case that causes it along with its own (create, then update, delete);
 * or the end-to-end spec that asserts it where only a browser can cause it.
 */
export type AuditCase = { how: string; cause: () => Promise<Expected[]> } | { alongside: AuditAction } | { e2e: string };

export type AuditTable = Record<AuditAction, AuditCase>;

/** The actor column as lib/audit fills it: a person's email, or system:<job>. */
export function actorOf(caller: Caller): string {
  return caller.kind === "user" ? caller.email : `system:${caller.name}`;
}

export function row(caller: Caller | string | null, action: AuditAction, outcome: AuditOutcome, target: Target = null): Expected {
  const actor = caller === null || typeof caller === "string" ? caller : actorOf(caller);
  return { actor, action, outcome, target };
}

export const on = (type: string, id: string): Target => ({ type, id });

/** Runs a call that must be refused; the refusal itself is what the case is about. */
export async function refused(promise: Promise<unknown>): Promise<void> {
  const outcome = await promise.then(
    () => "succeeded",
    () => "refused",
  );
  if (outcome !== "refused") throw new Error("expected the call to be refused, but it succeeded");
}
