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

/** Reads a target's settings out of a submitted form ("targetSettings.<key>"); the schema validates them after. */
export function readSettingsForm(fields: readonly FieldSpec[], form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = form.get(`targetSettings.${f.key}`);
    if (f.kind === "checkbox") out[f.key] = raw === "on";
    else if (typeof raw === "string" && raw.trim() !== "") out[f.key] = raw.trim();
  }
  return out;
}
