import "server-only";
import { decryptSecret, encryptSecret } from "@/lib/crypto";

// An integration's target token, encrypted at rest with its row id as associated data, so
// a ciphertext copied onto another integration does not decrypt.

const aad = (integrationId: string) => `integration:${integrationId}:target-token`;

export function sealTargetToken(integrationId: string, token: string): string {
  return encryptSecret(token, aad(integrationId));
}

export function openTargetToken(integrationId: string, sealed: string | null): string | null {
  return sealed === null ? null : decryptSecret(sealed, aad(integrationId));
}
