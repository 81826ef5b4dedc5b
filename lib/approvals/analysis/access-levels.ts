import type { AccessLevel } from "@/lib/approvals/risk-types";

// Access levels: the dataset's, with the few corrections a reviewer would make. The dataset
// copies AWS's documentation, which files some reading actions under Write or Permissions
// management (policy_sentry keeps a similar override list for the same reason). Each entry
// says why; access-levels.test.ts fails once upstream fixes one, so the list only shrinks.

export const ACCESS_LEVEL_OVERRIDES: Record<string, { level: AccessLevel; why: string }> = {
  "athena:GetSessionEndpoint": { level: "Read", why: "returns the endpoint and token of a session the caller already has" },
  "backup:ListIndexedRecoveryPointsForSearch": { level: "List", why: "lists recovery points" },
  "billing:GetResourcePolicy": { level: "Read", why: "reads a billing view's resource policy, changes nothing" },
  "cognito-idp:GetTokensFromRefreshToken": {
    level: "Read",
    why: "exchanges a refresh token the caller holds for new tokens; changes no AWS resource",
  },
  "iot:GetConnection": { level: "Read", why: "reads a connection's details" },
  "iot:ListSubscriptions": { level: "List", why: "lists a connection's subscriptions" },
  "ssm-sap:GetResourcePermission": { level: "Read", why: "reads a resource's permissions, changes nothing" },
};

/** Actions that are read-only when a statement's condition pins them to it (S3 Express sessions). */
export const READ_ONLY_WHEN: Record<string, { key: string; value: string }> = {
  "s3express:CreateSession": { key: "s3express:SessionMode", value: "ReadOnly" },
};

/** The dataset spells two levels as "Permissions management, Write" and "Tagging, Write". */
export function accessLevelOf(action: string, level: string): AccessLevel {
  const override = ACCESS_LEVEL_OVERRIDES[action];
  if (override) return override.level;
  if (level.startsWith("Permissions management")) return "Permissions management";
  if (level.startsWith("Tagging")) return "Tagging";
  if (level === "Read" || level === "List") return level;
  return "Write";
}

const CHANGE_RANK: Record<AccessLevel, number> = { List: 0, Read: 1, Tagging: 2, Write: 3, "Permissions management": 4 };

/** Of two levels an action has under different statements, the one that changes more. */
export const moreChanging = (a: AccessLevel, b: AccessLevel): AccessLevel => (CHANGE_RANK[a] >= CHANGE_RANK[b] ? a : b);

export const changesThings = (level: AccessLevel) => level !== "Read" && level !== "List";
