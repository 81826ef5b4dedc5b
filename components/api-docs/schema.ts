// Reading JSON Schema (as OpenAPI 3.1 embeds it) for display. Only what the Keyless API's
// zod schemas produce: objects, arrays, unions, enums, scalars with constraints, $refs.

export type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
};

export type Components = Record<string, Schema>;

export function resolve(schema: Schema, components: Components): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split("/").pop() ?? "";
  return components[name] ?? schema;
}

export function refName(schema: Schema): string | null {
  return schema.$ref ? (schema.$ref.split("/").pop() ?? null) : null;
}

/** "string (date-time)", "integer", "string | null", "\"a\" | \"b\"", "array of object". */
export function typeLabel(schema: Schema, components: Components): string {
  const ref = refName(schema);
  if (ref) return ref;
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.oneOf || schema.anyOf) return "one of";
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const base = types
    .map((t) => (t === "array" && schema.items ? `array of ${typeLabel(resolve(schema.items, components), components)}` : t))
    .join(" | ");
  const label = base || (schema.properties ? "object" : "any");
  return schema.format ? `${label} (${schema.format})` : label;
}

/** Limits worth telling a caller: "900–43200", "≤ 64 chars", "default 50". */
export function constraints(schema: Schema): string[] {
  const out: string[] = [];
  if (schema.minimum !== undefined && schema.maximum !== undefined) out.push(`${schema.minimum}–${schema.maximum}`);
  else if (schema.minimum !== undefined) out.push(`≥ ${schema.minimum}`);
  else if (schema.maximum !== undefined) out.push(`≤ ${schema.maximum}`);
  if (schema.maxLength !== undefined) out.push(`≤ ${schema.maxLength} chars`);
  if (schema.pattern && schema.pattern.length <= 40) out.push(`matches ${schema.pattern}`);
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}
