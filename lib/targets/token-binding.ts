import "server-only";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { bindingChanges, canonicalBinding, describeIdentity, tokenBindingSchema, type TokenBinding } from "@/lib/targets/identity";

// A target token (integration or request) is sealed for the endpoint it was given for. The
// binding (target type and identity fields) is stored beside the ciphertext, to say in
// words what a token is for, and is also part of the ciphertext's associated data: a row
// whose settings or recorded binding were changed some other way (SQL, a bug) cannot open
// its token for the new endpoint. Opening compares the binding with the current settings
// first and fails closed, naming what changed.
//
// Tokens sealed before bindings existed (binding null) open with the old associated data;
// the worker re-seals them, bound to their current settings, when it starts
// (lib/jobs/definitions/target-tokens-bind.ts).

export class TokenBindingError extends AppError {
  constructor(message: string) {
    super(409, "token-binding", "The token belongs to another endpoint", message);
  }
}

const legacyAad = (scope: string) => `${scope}:target-token`;
const boundAad = (scope: string, binding: TokenBinding) => `${scope}:target-token:${canonicalBinding(binding)}`;

/** `scope` names the row: "integration:<id>" or "access-request:<id>". */
export function sealBoundToken(scope: string, token: string, binding: TokenBinding): string {
  return encryptSecret(token, boundAad(scope, binding));
}

/** The token, if it was given for the endpoint the settings name now; a TokenBindingError otherwise. */
export function openBoundToken(scope: string, sealed: string | null, stored: unknown, current: TokenBinding): string | null {
  if (sealed === null) return null;
  if (stored === null || stored === undefined) return decryptSecret(sealed, legacyAad(scope));
  const parsed = tokenBindingSchema.safeParse(stored);
  if (!parsed.success) throw new TokenBindingError("The stored token's binding cannot be read; enter the token again.");
  const changes = bindingChanges(parsed.data, current);
  if (changes.length > 0) {
    throw new TokenBindingError(
      `The stored token was given for ${describeIdentity(parsed.data) || parsed.data.type}, but the target now says ` +
        `${changes.map((c) => `${c.field} ${c.to ?? "(none)"}`).join(", ")}. Enter a new token for the new endpoint.`,
    );
  }
  try {
    return decryptSecret(sealed, boundAad(scope, parsed.data));
  } catch {
    throw new TokenBindingError("The stored token does not open for this endpoint (its binding was altered); enter the token again.");
  }
}

/** Tokens sealed before bindings existed: their plaintext, to be sealed again with a binding. */
export function openLegacyToken(scope: string, sealed: string): string {
  return decryptSecret(sealed, legacyAad(scope));
}
