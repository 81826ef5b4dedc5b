import type { Metadata } from "next";
import { Download } from "lucide-react";
import { OperationCard, type Operation } from "@/components/api-docs/operation-card";
import type { Components } from "@/components/api-docs/schema";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { openApiDocument } from "@/lib/api/openapi";
import { requirePagePermission } from "@/lib/auth/current";

export const metadata: Metadata = { title: "API" };

type Entry = { method: string; path: string; op: Operation };

// The OpenAPI document (/api/v1/openapi.json) made readable: rendered on the server from
// the same object the JSON endpoint serves, no client-side viewer.
export default async function ApiDocsPage() {
  await requirePagePermission("me.read");
  const doc = await openApiDocument();
  const components = (doc.components?.schemas ?? {}) as Components;
  const byTag = new Map<string, Entry[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ["get", "post", "put", "patch", "delete"] as const) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op }]);
    }
  }
  const server = doc.servers?.[0]?.url ?? "";

  return (
    <>
      <PageHeader
        title="Keyless API"
        description={doc.info.description}
        actions={
          <a href="/api/v1/openapi.json" className={buttonClass("secondary")} download="keyless-openapi.json">
            <Download className="size-4" aria-hidden /> openapi.json
          </a>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[14rem_1fr]">
        <nav aria-label="API sections" className="lg:sticky lg:top-6 lg:self-start">
          <ul className="space-y-3 text-sm">
            {[...byTag.entries()].map(([tag, entries]) => (
              <li key={tag}>
                <a href={`#tag-${tag.toLowerCase().replace(/\W+/g, "-")}`} className="hover:text-brand-700 font-medium text-slate-900">
                  {tag}
                </a>
                <ul className="mt-1 space-y-0.5">
                  {entries.map((e) => (
                    <li key={`${e.method} ${e.path}`}>
                      <a href={`#${e.op.operationId}`} className="hover:text-brand-700 block truncate font-mono text-xs text-slate-600">
                        <span className="uppercase">{e.method}</span> {e.path.replace(/^\/api\/v1/, "")}
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </nav>
        <div className="min-w-0 space-y-8">
          <Card className="p-4 text-sm text-slate-700">
            <h2 className="font-semibold text-slate-900">Calling it</h2>
            <p className="mt-1">
              Base URL <code className="font-mono text-xs">{server}</code>. From scripts, send the CLI&apos;s token:{" "}
              <code className="font-mono text-xs break-all">Authorization: Bearer kl_at_…</code> (sign in with{" "}
              <code className="font-mono text-xs">keyless login</code>; the token is in its private config directory and refreshes through{" "}
              <code className="font-mono text-xs">/api/v1/device/token</code>). In the browser, your session cookie works for the same
              calls. Your role decides what you may call: each operation names the permission it needs.
            </p>
          </Card>
          {[...byTag.entries()].map(([tag, entries]) => (
            <section key={tag} id={`tag-${tag.toLowerCase().replace(/\W+/g, "-")}`} aria-label={tag} className="scroll-mt-20 space-y-3">
              <h2 className="text-base font-semibold text-slate-900">{tag}</h2>
              {entries.map((e) => (
                <OperationCard key={`${e.method} ${e.path}`} method={e.method} path={e.path} op={e.op} components={components} />
              ))}
            </section>
          ))}
        </div>
      </div>
    </>
  );
}
