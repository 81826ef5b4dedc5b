import "server-only";
import { auditRefusal } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { Prisma } from "@/lib/db";
import { invalid } from "@/lib/integrations/checks";
import { sealTargetToken } from "@/lib/targets/token";
import { TARGETS, type TargetType } from "@/lib/targets";
import { bindingChanges, bindingFor, describeIdentity, type IdentityChange } from "@/lib/targets/identity";

// What changing an integration's target means for its token. The token was given for one
// endpoint (host, repository, project, webhook URL…): pointing the integration elsewhere
// without a new token is refused (422, audited) — otherwise whoever may edit settings could
// send the old token, and every future key, to a URL of their choosing. With a new token,
// the new one replaces the old, bound to the new endpoint.

type Setting = string | number | boolean | null;
export type SettingChange = { field: string; from: Setting; to: Setting };

const plain = (v: unknown): Setting =>
  v === undefined || v === null ? null : typeof v === "object" ? JSON.stringify(v) : (v as string | number | boolean);

/** Every setting whose value differs, old and new (settings are never secret). */
export function settingChanges(before: unknown, after: unknown): SettingChange[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .sort()
    .map((field) => ({ field, from: plain(a[field]), to: plain(b[field]) }))
    .filter((c) => c.from !== c.to);
}

export type TargetChange = {
  /** Identity fields that changed (the endpoint the token is for); empty when it stays. */
  endpoint: IdentityChange[];
  /** Columns for the token: the new one sealed for the new endpoint, or cleared. */
  tokenData: Prisma.IntegrationUncheckedUpdateInput;
};

export async function planTargetChange(
  caller: Caller,
  integrationId: string,
  current: { type: TargetType; settings: unknown },
  next: { type: TargetType; settings: unknown; token?: string },
): Promise<TargetChange> {
  const before = bindingFor(current.type, current.settings);
  const endpoint = bindingChanges(before, bindingFor(next.type, next.settings));
  const connector = TARGETS[next.type];
  if (endpoint.length > 0 && connector.requiresToken && !next.token) {
    const changed = endpoint.map((c) => `${c.field} ${c.to ?? "(none)"}`).join(", ");
    await auditRefusal(caller, "integration.update", {
      target: { type: "integration", id: integrationId },
      details: { reason: "the endpoint changed without a new token", endpoint },
    });
    const was = before.type === next.type ? describeIdentity(before) : `a ${TARGETS[before.type].label}`;
    throw invalid(
      "targetToken",
      `a new ${connector.tokenLabel ?? "token"} is required: the stored one was given for ${was}, and the target now says ${changed}`,
    );
  }
  if (next.token) {
    return {
      endpoint,
      tokenData: { ...sealTargetToken(integrationId, next.token, next.type, next.settings), targetTokenSetAt: new Date() },
    };
  }
  // A target that needs no token (Secrets Manager) keeps none for its new endpoint.
  const cleared = { targetTokenEncrypted: null, targetTokenBinding: Prisma.DbNull, targetTokenSetAt: null };
  return { endpoint, tokenData: endpoint.length > 0 ? cleared : {} };
}
