import { Badge, type Tone } from "@/components/ui/badge";
import { SchemaView } from "@/components/api-docs/schema-view";
import type { Components, Schema } from "@/components/api-docs/schema";

export type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
export type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  "x-keyless-permission"?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
};

const METHOD_TONE: Record<string, Tone> = { get: "green", post: "blue", put: "amber", patch: "amber", delete: "red" };

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="mt-4">
      <h4 className="mb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{title}</h4>
      {children}
    </div>
  );
}

export function OperationCard({ method, path, op, components }: { method: string; path: string; op: Operation; components: Components }) {
  const permission = op["x-keyless-permission"];
  const body = op.requestBody?.content?.["application/json"]?.schema;
  const responses = Object.entries(op.responses ?? {});
  const success = responses.filter(([status]) => status.startsWith("2"));
  const errors = responses.filter(([status]) => !status.startsWith("2"));
  return (
    <article
      id={op.operationId}
      className="scroll-mt-20 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      aria-label={`${method.toUpperCase()} ${path}`}
    >
      <header className="flex flex-wrap items-center gap-2">
        <Badge tone={METHOD_TONE[method] ?? "neutral"} className="font-mono uppercase">
          {method}
        </Badge>
        <code className="font-mono text-sm font-semibold break-all text-slate-900">{path}</code>
        <span className="ml-auto">
          {permission === "public" ? <Badge tone="slate">no sign-in</Badge> : <Badge tone="violet">needs {permission}</Badge>}
        </span>
      </header>
      {op.summary ? <h3 className="mt-2 text-sm font-medium text-slate-900">{op.summary}</h3> : null}
      {op.description ? <p className="mt-1 text-sm text-slate-600">{op.description}</p> : null}

      {op.parameters?.length ? (
        <Section title="Parameters">
          <ul className="divide-y divide-slate-100">
            {op.parameters.map((p) => (
              <li key={`${p.in}:${p.name}`} className="flex flex-wrap items-baseline gap-x-2 py-1.5">
                <code className="font-mono text-xs font-semibold">{p.name}</code>
                <span className="text-xs text-slate-500">in {p.in}</span>
                {p.schema ? <SchemaView schema={p.schema} components={components} depth={1} /> : null}
                {p.required ? <span className="text-[10px] font-semibold tracking-wide text-red-700 uppercase">required</span> : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {body ? (
        <Section title="Body (application/json)">
          <SchemaView schema={body} components={components} />
        </Section>
      ) : null}
      {success.map(([status, r]) => {
        const [type, media] = Object.entries(r.content ?? {})[0] ?? [];
        return (
          <Section key={status} title={`Response ${status}${type ? ` (${type})` : ""}`}>
            {media?.schema ? (
              <SchemaView schema={media.schema} components={components} />
            ) : (
              <p className="text-xs text-slate-600">{r.description}</p>
            )}
          </Section>
        );
      })}
      {errors.length ? (
        <Section title="Errors (application/problem+json)">
          <ul className="grid gap-x-4 text-xs text-slate-600 sm:grid-cols-2">
            {errors.map(([status, r]) => (
              <li key={status}>
                <span className="font-mono font-semibold text-slate-800">{status}</span> {r.description}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </article>
  );
}
