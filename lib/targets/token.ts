import "server-only";
import { openBoundToken, sealBoundToken, TokenBindingError } from "@/lib/targets/token-binding";
import { bindingFor, type TokenBinding } from "@/lib/targets/identity";
import { isTargetType, type TargetType } from "@/lib/targets";

// An integration's target token, encrypted at rest with its row id and the endpoint it was
// given for as associated data: a ciphertext copied onto another integration does not
// decrypt, nor does one whose integration now points somewhere else (token-binding.ts).

const scope = (integrationId: string) => `integration:${integrationId}`;

export type SealedTargetToken = { targetTokenEncrypted: string; targetTokenBinding: TokenBinding };

/** The columns to store for a token given for these settings. */
export function sealTargetToken(integrationId: string, token: string, type: TargetType, settings: unknown): SealedTargetToken {
  const binding = bindingFor(type, settings);
  return { targetTokenEncrypted: sealBoundToken(scope(integrationId), token, binding), targetTokenBinding: binding };
}

/** The token, only for the endpoint the integration's current settings name. */
export function openTargetToken(
  integration: { id: string; targetType: string; targetSettings: unknown; targetTokenBinding: unknown },
  sealed: string | null,
): string | null {
  if (!isTargetType(integration.targetType)) throw new TokenBindingError(`Unknown target type "${integration.targetType}".`);
  const current = bindingFor(integration.targetType, integration.targetSettings);
  return openBoundToken(scope(integration.id), sealed, integration.targetTokenBinding, current);
}
