"use client";

import { TARGET_FIELDS, type FieldSpec } from "@/components/integrations/target-fields";
import { Field, Input } from "@/components/ui/field";
import type { TargetType } from "@/lib/rotation/targets/types";

// The settings of one target type, named "targetSettings.<key>" (the server validates them
// with the connector's schema and reports errors under the same names).

function SettingField({ spec, value, error }: { spec: FieldSpec; value: unknown; error?: string }) {
  const name = `targetSettings.${spec.key}`;
  if (spec.kind === "checkbox") {
    return (
      <label className="flex items-center gap-2 self-end pb-2 text-sm">
        <input type="checkbox" name={name} defaultChecked={value === true} className="size-4 rounded border-slate-300" />
        {spec.label}
        {error ? <span className="text-xs text-red-600">{error}</span> : null}
      </label>
    );
  }
  return (
    <Field label={spec.label} htmlFor={name} hint={spec.hint} error={error}>
      <Input
        id={name}
        name={name}
        type={spec.kind === "url" ? "url" : "text"}
        required={spec.required}
        placeholder={spec.placeholder}
        defaultValue={typeof value === "string" || typeof value === "number" ? String(value) : ""}
      />
    </Field>
  );
}

export function TargetSettingsFields({
  type,
  values,
  error,
}: {
  type: TargetType;
  values: Record<string, unknown>;
  error: (name: string) => string | undefined;
}) {
  const fields = TARGET_FIELDS[type];
  const basic = fields.filter((f) => !f.advanced);
  const advanced = fields.filter((f) => f.advanced);
  const advancedHasError = advanced.some((f) => error(`targetSettings.${f.key}`));
  return (
    <>
      {basic.map((f) => (
        <SettingField key={f.key} spec={f} value={values[f.key]} error={error(`targetSettings.${f.key}`)} />
      ))}
      {advanced.length ? (
        <details className="sm:col-span-2" open={advancedHasError || undefined}>
          <summary className="cursor-pointer text-sm font-medium text-slate-700">Advanced settings</summary>
          <div className="mt-3 grid gap-4 sm:grid-cols-2">
            {advanced.map((f) => (
              <SettingField key={f.key} spec={f} value={values[f.key]} error={error(`targetSettings.${f.key}`)} />
            ))}
          </div>
        </details>
      ) : null}
    </>
  );
}
