import "server-only";
import { parsePolicyText } from "@/lib/approvals/iam-policy";
import { newRequestColumns, requestSelect, type RequestView } from "@/lib/approvals/requests";
import { assessNewRequest, queueReanalysis } from "@/lib/approvals/risk";
import { requireMayRequest } from "@/lib/approvals/approver-rules";
import { newRequestInput, requireNewSecret } from "@/lib/approvals/request-limits";
import { externalAccessRequestSchema, type ExternalAccessRequestInput } from "@/lib/approvals/schemas";
import { withAudit } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db, type Prisma } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { announce } from "@/lib/notify/announce";
import { openBoundToken, sealBoundToken } from "@/lib/targets/token-binding";
import { TARGETS, type TargetType } from "@/lib/targets";
import { checkTargetSettings } from "@/lib/targets/check-settings";
import { bindingFor } from "@/lib/targets/identity";
import type { SecretsManagerSettings } from "@/lib/targets/secrets-manager";

// Requests for an IAM user for an external service. The target's token is sealed with the
// request's id and the endpoint it was given for as associated data, and only opened by
// provisioning, once approved (token-binding.ts: it fails closed if the target changed).

const scope = (requestId: string) => `access-request:${requestId}`;

export function openRequestToken(
  request: { id: string; targetType: TargetType; targetSettings: unknown; targetTokenBinding: unknown },
  sealed: string | null,
): string | null {
  return openBoundToken(scope(request.id), sealed, request.targetTokenBinding, bindingFor(request.targetType, request.targetSettings));
}

/** The accounts a person may ask external-service access in (names only; no roles). */
export async function listAccountChoices(caller: UserCaller) {
  await requirePermission(caller, "requests.create");
  return db().awsAccount.findMany({ select: { accountId: true, name: true }, orderBy: { name: "asc" } });
}

export async function createExternalAccessRequest(caller: UserCaller, raw: ExternalAccessRequestInput): Promise<RequestView> {
  const input = await newRequestInput(caller, externalAccessRequestSchema, raw);
  const account = await db().awsAccount.findUnique({
    where: { accountId: input.accountId },
    select: { id: true, name: true, accountId: true, inventoryRoleArn: true },
  });
  if (!account)
    throw new ValidationError(`Account ${input.accountId} is not configured in Keyless.`, [
      { path: "accountId", message: "Unknown account" },
    ]);
  await requireMayRequest(
    caller,
    { kind: "EXTERNAL_ACCESS", awsRoleId: null, awsAccountId: account.id },
    `external-service access in ${account.name}`,
    { type: "aws_account", id: input.accountId },
  );
  const settings = await checkTargetSettings(input.targetType, input.targetSettings);
  const connector = TARGETS[input.targetType];
  if (connector.requiresToken && !input.targetToken) {
    throw new ValidationError(`${connector.tokenLabel ?? "The target's API token"} is required.`, [
      { path: "targetToken", message: "Required" },
    ]);
  }
  let inlinePolicy: Prisma.InputJsonValue | undefined;
  if (input.inlinePolicy) {
    const parsed = parsePolicyText(input.inlinePolicy);
    if (!parsed.ok) throw new ValidationError(parsed.error, [{ path: "inlinePolicy", message: parsed.error }]);
    inlinePolicy = parsed.policy;
  }
  if (input.targetType === "secrets_manager") await requireNewSecret(caller, input.accountId, settings as SecretsManagerSettings);
  const binding = bindingFor(input.targetType, settings);
  const managedPolicyArns = [...new Set(input.managedPolicyArns)];
  // What the key would be allowed to do, read from IAM and analysed before anyone is asked.
  const assessed = await assessNewRequest({ kind: "EXTERNAL_ACCESS", account, managedPolicyArns, inlinePolicy: inlinePolicy ?? null });
  // The request and its audit entry commit together: one the audit log cannot record is
  // not created (fail closed).
  const request = await withAudit(caller, "request.create", undefined, async (tx) => {
    const created = await tx.accessRequest.create({
      data: {
        ...newRequestColumns(caller, "EXTERNAL_ACCESS", input.justification, assessed),
        serviceName: input.serviceName,
        awsAccountId: account.id,
        targetType: input.targetType,
        targetSettings: settings,
        managedPolicyArns,
        inlinePolicy,
        ownerEmail: input.ownerEmail.toLowerCase(),
        rotationIntervalDays: input.rotationIntervalDays,
      },
      select: { id: true },
    });
    const view = await tx.accessRequest.update({
      where: { id: created.id },
      data: input.targetToken
        ? { targetTokenEncrypted: sealBoundToken(scope(created.id), input.targetToken, binding), targetTokenBinding: binding }
        : {},
      select: requestSelect,
    });
    return {
      value: view,
      target: { type: "access_request", id: view.id },
      details: {
        kind: "EXTERNAL_ACCESS",
        service: input.serviceName,
        accountId: input.accountId,
        targetType: input.targetType,
        target: connector.describe(settings as never),
        managedPolicyArns: input.managedPolicyArns,
        inlinePolicy: Boolean(inlinePolicy),
        riskLevel: assessed.risk.level,
      },
    };
  });
  if (assessed.retry) await queueReanalysis(request.id);
  await announce({ event: "request.created", requestId: request.id });
  return request;
}
