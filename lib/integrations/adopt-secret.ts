import "server-only";
import { auditRefusal, withAudit } from "@/lib/audit/record";
import type { Caller, UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { AwsCallError } from "@/lib/aws/errors";
import { accountCredentials } from "@/lib/aws/iam-keys";
import { describeSecretTags, tagSecret, type SecretLocation } from "@/lib/aws/secrets-manager";
import { db } from "@/lib/db";
import { ConflictError, NotFoundError, UpstreamError } from "@/lib/errors";
import { parseTargetSettings } from "@/lib/targets";
import { managingIntegration, OWNERSHIP_TAGS, ownershipTags, secretOwnership } from "@/lib/targets/secret-ownership";

// A Secrets Manager integration writes only a secret Keyless created for it, or one an
// admin adopted: adopting is the deliberate, audited act of saying "this existing secret
// is this integration's to overwrite", recorded on the secret itself as tags (so a second
// Keyless instance, or a later rotation, sees the same answer). A secret Keyless manages
// for another integration is not taken over.

export type SecretState = "ours" | "legacy" | "foreign" | "absent" | "unknown";
export type SecretStatus = { secretId: string; state: SecretState; detail: string; adoptable: boolean };

async function load(id: string) {
  const row = await db().integration.findUnique({
    where: { id },
    select: { id: true, name: true, targetType: true, targetSettings: true, account: { select: { accountId: true } } },
  });
  if (!row) throw new NotFoundError("The integration");
  if (row.targetType !== "secrets_manager") return { row, secret: null };
  const s = parseTargetSettings("secrets_manager", row.targetSettings);
  const secret: SecretLocation = { secretId: s.secretId, region: s.region, timeoutMs: 5_000 };
  return { row, secret };
}

async function tagsOf(accountId: string, secret: SecretLocation) {
  return describeSecretTags(await accountCredentials(accountId), secret);
}

/** Whether Keyless may write the integration's secret, and why; null for other targets. */
export async function secretStatus(caller: Caller, id: string): Promise<SecretStatus | null> {
  await requirePermission(caller, "integrations.read");
  const { row, secret } = await load(id);
  if (!secret) return null;
  const status = (state: SecretState, detail: string, adoptable = false) => ({ secretId: secret.secretId, state, detail, adoptable });
  let tags: Record<string, string> | null;
  try {
    tags = await tagsOf(row.account.accountId, secret);
  } catch (error) {
    if (error instanceof AwsCallError) return status("unknown", `Keyless could not look at the secret (${error.code}).`);
    throw error;
  }
  if (tags === null) return status("absent", "The secret does not exist yet: the next rotation creates it, for this integration.");
  const ownership = secretOwnership(tags, { integrationId: id });
  if (ownership === "ours") {
    const adopter = tags[OWNERSHIP_TAGS.adoptedBy];
    return status("ours", adopter ? `Adopted by ${adopter}: Keyless writes it.` : "Created by Keyless for this integration.");
  }
  if (ownership === "legacy") return status("legacy", "Created by an earlier Keyless: the next rotation claims it.");
  const other = managingIntegration(tags);
  if (other) return status("foreign", "Managed by Keyless for another integration: rotations of this one refuse to write it.");
  return status("foreign", "Not created by Keyless: rotations refuse to write it until an admin adopts it.", true);
}

/** Tags the integration's existing secret as Keyless's to write. Admins only; audited. */
export async function adoptSecret(caller: UserCaller, id: string): Promise<SecretStatus> {
  await requirePermission(caller, "integrations.manage");
  const { row, secret } = await load(id);
  const target = { type: "integration", id };
  const refuse = async (message: string) => {
    await auditRefusal(caller, "integration.adopt_secret", { target, details: { reason: message } });
    return new ConflictError(message);
  };
  if (!secret) throw await refuse("Only a Secrets Manager integration has a secret to adopt.");
  const where = `secret ${secret.secretId} in account ${row.account.accountId}`;
  const credentials = await accountCredentials(row.account.accountId);
  let tags: Record<string, string> | null;
  try {
    tags = await describeSecretTags(credentials, secret);
  } catch (error) {
    if (error instanceof AwsCallError) throw new UpstreamError("AWS", `Could not look at ${where} (${error.code}).`);
    throw error;
  }
  if (tags === null) throw await refuse(`There is no ${where} to adopt: the next rotation creates it.`);
  const other = managingIntegration(tags);
  if (other && other !== id && (await db().integration.count({ where: { id: other } })) > 0) {
    throw await refuse(`${where} is managed by Keyless for another integration; it is not taken over.`);
  }
  const previous = Object.fromEntries(Object.entries(tags).filter(([k]) => k.startsWith("keyless:") || k === "managed-by"));
  try {
    await tagSecret(credentials, secret, { ...ownershipTags({ integrationId: id }), [OWNERSHIP_TAGS.adoptedBy]: caller.email });
  } catch (error) {
    const code = error instanceof AwsCallError ? error.code : "error";
    await auditRefusal(caller, "integration.adopt_secret", { outcome: "failure", target, details: { where, code } });
    if (error instanceof AwsCallError) throw new UpstreamError("AWS", `Could not tag ${where} (${error.code}).`);
    throw error;
  }
  await withAudit(caller, "integration.adopt_secret", target, async () => ({
    value: undefined,
    details: { integration: row.name, where, previousTags: previous },
  }));
  return { secretId: secret.secretId, state: "ours", detail: `Adopted by ${caller.email}: Keyless writes it.`, adoptable: false };
}
