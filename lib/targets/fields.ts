import type { FieldSpec } from "./types";

// Form fields several connectors share, so each connector's list reads as its own and the
// wording stays the same across targets.

export function apiUrlField(placeholder: string): FieldSpec<"apiUrl"> {
  return { key: "apiUrl", label: "API base URL", kind: "url", placeholder, advanced: true, hint: "For self-hosted instances; https only." };
}

/** The two names the key goes under ("Variable for the access key id", …). */
export function keyNameFields<I extends string, S extends string>(idKey: I, secretKey: S, what: string): [FieldSpec<I>, FieldSpec<S>] {
  return [
    { key: idKey, label: `${what} for the access key id`, placeholder: "AWS_ACCESS_KEY_ID", advanced: true },
    { key: secretKey, label: `${what} for the secret access key`, placeholder: "AWS_SECRET_ACCESS_KEY", advanced: true },
  ];
}
