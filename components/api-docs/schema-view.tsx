import { constraints, resolve, typeLabel, type Components, type Schema } from "@/components/api-docs/schema";

function Property({
  name,
  schema,
  required,
  components,
  depth,
}: {
  name: string;
  schema: Schema;
  required: boolean;
  components: Components;
  depth: number;
}) {
  const resolved = resolve(schema, components);
  const limits = constraints(resolved);
  return (
    <li className="py-1.5">
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
        <code className="font-mono text-xs font-semibold text-slate-900">{name}</code>
        <span className="font-mono text-xs text-violet-700">{typeLabel(schema, components)}</span>
        {required ? <span className="text-[10px] font-semibold tracking-wide text-red-700 uppercase">required</span> : null}
        {limits.length ? <span className="text-xs text-slate-500">{limits.join(" · ")}</span> : null}
      </div>
      {resolved.description ? <p className="text-xs text-slate-600">{resolved.description}</p> : null}
      <Nested schema={resolved} components={components} depth={depth + 1} />
    </li>
  );
}

function Nested({ schema, components, depth }: { schema: Schema; components: Components; depth: number }) {
  if (depth > 4) return null;
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) {
    return (
      <ol className="mt-1 space-y-2 border-l-2 border-slate-200 pl-3">
        {variants.map((v, i) => (
          <li key={i}>
            <p className="text-[11px] font-semibold tracking-wide text-slate-500 uppercase">Variant {i + 1}</p>
            <SchemaView schema={v} components={components} depth={depth} />
          </li>
        ))}
      </ol>
    );
  }
  const items = schema.items ? resolve(schema.items, components) : null;
  if (items?.properties) return <SchemaView schema={items} components={components} depth={depth} />;
  if (schema.properties) return <SchemaView schema={schema} components={components} depth={depth} />;
  return null;
}

/** A JSON Schema as a readable list of fields, nested objects indented. */
export function SchemaView({ schema, components, depth = 0 }: { schema: Schema; components: Components; depth?: number }) {
  const s = resolve(schema, components);
  if (!s.properties) {
    if (s.oneOf || s.anyOf || s.items) return <Nested schema={s} components={components} depth={depth} />;
    return <p className="font-mono text-xs text-violet-700">{typeLabel(schema, components)}</p>;
  }
  const required = new Set(s.required ?? []);
  return (
    <ul className={depth > 0 ? "mt-1 divide-y divide-slate-100 border-l-2 border-slate-200 pl-3" : "divide-y divide-slate-100"}>
      {Object.entries(s.properties).map(([name, prop]) => (
        <Property key={name} name={name} schema={prop} required={required.has(name)} components={components} depth={depth} />
      ))}
    </ul>
  );
}
