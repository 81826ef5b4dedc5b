import "server-only";
import { TARGETS } from "@/lib/targets";
import { isTargetType } from "@/lib/targets";
import { describeIdentity, tokenBindingSchema } from "@/lib/targets/identity";

// What integrations look like outside the data access layer: never the token, only
// whether one is set, since when, and for which endpoint.

export const latestRotationSelect = {
  id: true,
  status: true,
  trigger: true,
  step: true,
  startedAt: true,
  finishedAt: true,
  error: true,
  warning: true,
} as const;

export const integrationSelect = {
  id: true,
  name: true,
  iamUserName: true,
  targetType: true,
  targetSettings: true,
  targetTokenSetAt: true,
  targetTokenBinding: true,
  rotationIntervalDays: true,
  graceSeconds: true,
  ownerEmail: true,
  ownerNeedsReplacementAt: true,
  enabled: true,
  lastRotatedAt: true,
  nextRotationAt: true,
  createdAt: true,
  updatedAt: true,
  account: { select: { accountId: true, name: true } },
  rotations: { orderBy: { startedAt: "desc" }, take: 1, select: latestRotationSelect },
} as const;

type Row = {
  id: string;
  name: string;
  iamUserName: string;
  targetType: string;
  targetSettings: unknown;
  targetTokenSetAt: Date | null;
  targetTokenBinding: unknown;
  rotationIntervalDays: number;
  graceSeconds: number;
  ownerEmail: string;
  ownerNeedsReplacementAt: Date | null;
  enabled: boolean;
  lastRotatedAt: Date | null;
  nextRotationAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  account: { accountId: string; name: string };
  rotations: {
    id: string;
    status: string;
    trigger: string;
    step: string;
    startedAt: Date;
    finishedAt: Date | null;
    error: string | null;
    warning: string | null;
  }[];
};

function describeTarget(type: string, settings: unknown): { label: string; description: string } {
  if (!isTargetType(type)) return { label: type, description: "unknown target type" };
  const connector = TARGETS[type] as {
    label: string;
    describe(s: unknown): string;
    settingsSchema: { safeParse(v: unknown): { success: boolean; data?: unknown } };
  };
  const parsed = connector.settingsSchema.safeParse(settings);
  return { label: connector.label, description: parsed.success ? connector.describe(parsed.data) : "settings need attention" };
}

/** The endpoint the stored token was given for, in words (null: no token, or sealed before bindings). */
function boundTo(binding: unknown): string | null {
  const parsed = tokenBindingSchema.safeParse(binding);
  return parsed.success ? describeIdentity(parsed.data) : null;
}

export function toIntegrationView(r: Row) {
  const target = describeTarget(r.targetType, r.targetSettings);
  return {
    id: r.id,
    name: r.name,
    accountId: r.account.accountId,
    accountName: r.account.name,
    iamUserName: r.iamUserName,
    targetType: r.targetType,
    targetLabel: target.label,
    targetDescription: target.description,
    targetSettings: r.targetSettings as Record<string, unknown>,
    token: { set: r.targetTokenSetAt !== null, setAt: r.targetTokenSetAt, boundTo: boundTo(r.targetTokenBinding) },
    rotationIntervalDays: r.rotationIntervalDays,
    graceSeconds: r.graceSeconds,
    ownerEmail: r.ownerEmail,
    /** Set when the owner's access ended: an admin should name a new owner. */
    ownerNeedsReplacementAt: r.ownerNeedsReplacementAt,
    enabled: r.enabled,
    lastRotatedAt: r.lastRotatedAt,
    nextRotationAt: r.nextRotationAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    latestRotation: r.rotations[0] ?? null,
  };
}
export type IntegrationView = ReturnType<typeof toIntegrationView>;
