"use client";

import { Field, Input, Select } from "@/components/ui/field";
import type { FieldSpec, TargetOption, TargetType } from "@/lib/targets";

// The target part of the integration and request forms, laid out from what each connector
// declares (lib/targets/<target>.ts): the type picker, then that type's settings named
// "targetSettings.<key>" (the server validates them with the connector's schema and
// reports errors under the same names).

export function TargetTypeSelect({
  label,
  hint,
  targets,
  value,
  onChange,
  error,
}: {
  label: string;
  hint?: string;
  targets: TargetOption[];
  value: TargetType;
  onChange: (type: TargetType) => void;
  error?: string;
}) {
  return (
    <Field label={label} htmlFor="targetType" error={error} hint={hint}>
      <Select id="targetType" name="targetType" value={value} onChange={(e) => onChange(e.target.value as TargetType)}>
        {targets.map((t) => (
          <option key={t.type} value={t.type}>
            {t.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

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
  fields,
  values,
  error,
}: {
  fields: readonly FieldSpec[];
  values: Record<string, unknown>;
  error: (name: string) => string | undefined;
}) {
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
