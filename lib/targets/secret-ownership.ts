// Which Secrets Manager secrets Keyless may write: those it created for this integration
// (or for the request that becomes it), and those an admin adopted for it. Both carry
// tags that say so; every other secret is foreign, and a requester who names one must not
// get it overwritten with a key of their choosing. Pure: the tags come from DescribeSecret.

export const OWNERSHIP_TAGS = {
  managed: "keyless:managed",
  integration: "keyless:integration",
  request: "keyless:request",
  adoptedBy: "keyless:adopted-by",
} as const;

/** The tag Keyless put on secrets it created before ownership tags existed. */
const LEGACY_TAG = { key: "managed-by", value: "keyless" };

/** Who is about to write: an integration (rotation), or a request being provisioned. */
export type SecretClaim = { integrationId?: string; requestId?: string };

/**
 * - ours: tagged managed for this integration, or created for this request;
 * - legacy: created by an earlier Keyless (untagged owner): the integration may claim it;
 * - foreign: anything else, including a secret Keyless manages for another integration.
 */
export type Ownership = "ours" | "legacy" | "foreign";

export function secretOwnership(tags: Record<string, string>, claim: SecretClaim): Ownership {
  if (tags[OWNERSHIP_TAGS.managed] === "true") {
    const integration = tags[OWNERSHIP_TAGS.integration];
    if (claim.integrationId && integration === claim.integrationId) return "ours";
    if (claim.requestId && tags[OWNERSHIP_TAGS.request] === claim.requestId) return "ours";
    return "foreign";
  }
  if (tags[LEGACY_TAG.key] === LEGACY_TAG.value && claim.integrationId) return "legacy";
  return "foreign";
}

/** The tags that make a secret this claimant's. */
export function ownershipTags(claim: SecretClaim): Record<string, string> {
  return {
    [OWNERSHIP_TAGS.managed]: "true",
    ...(claim.integrationId ? { [OWNERSHIP_TAGS.integration]: claim.integrationId } : {}),
    ...(claim.requestId ? { [OWNERSHIP_TAGS.request]: claim.requestId } : {}),
  };
}

/** The integration a managed secret belongs to, if any. */
export function managingIntegration(tags: Record<string, string>): string | null {
  return tags[OWNERSHIP_TAGS.managed] === "true" ? (tags[OWNERSHIP_TAGS.integration] ?? null) : null;
}
