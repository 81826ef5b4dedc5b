import type { Metadata } from "next";
import Link from "next/link";
import { Download, ScrollText } from "lucide-react";
import { ChainStatus } from "@/components/audit/chain-status";
import { OutcomeBadge } from "@/components/audit/outcome-badge";
import { VerifyChain } from "@/components/audit/verify-chain";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/relative-time";
import { SimpleTable, type Column } from "@/components/ui/table";
import { lastVerification } from "@/lib/audit/head";
import { auditQuerySchema, listAuditActions, listAuditEvents, type AuditRow } from "@/lib/audit/query";
import { requirePageCaller } from "@/lib/auth/current";
import { can } from "@/lib/auth/guard";
import { verifyChainAction } from "./actions";

export const metadata: Metadata = { title: "Audit log" };

function summary(details: unknown): string {
  if (!details || typeof details !== "object") return "";
  return Object.entries(details as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" · ")
    .slice(0, 200);
}

const COLUMNS: Column<AuditRow>[] = [
  { header: "When", className: "whitespace-nowrap text-slate-600", cell: (e) => <RelativeTime date={e.at} /> },
  { header: "Actor", className: "whitespace-nowrap", cell: (e) => e.actorEmail ?? "—" },
  { header: "Action", className: "font-mono text-xs whitespace-nowrap", cell: (e) => e.action },
  { header: "Outcome", cell: (e) => <OutcomeBadge outcome={e.outcome} /> },
  {
    header: "Target",
    className: "max-w-56 truncate font-mono text-xs text-slate-600",
    title: (e) => e.targetId ?? undefined,
    cell: (e) => e.targetId ?? "—",
  },
  {
    header: "Details",
    className: "max-w-md text-xs text-slate-600",
    cell: (e) => (
      <>
        <span className="line-clamp-2 break-all">{summary(e.details)}</span>
        {e.ip ? <span className="text-slate-400"> · {e.ip}</span> : null}
      </>
    ),
  },
];

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const caller = await requirePageCaller();
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string" && v !== "")) as Record<
    string,
    string
  >;
  const parsed = auditQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : auditQuerySchema.parse({});
  const all = can(caller, "audit.read.all");
  const [page, actions, chain] = await Promise.all([
    listAuditEvents(caller, query),
    all ? listAuditActions(caller) : Promise.resolve([]),
    all ? lastVerification(caller) : Promise.resolve(undefined),
  ]);
  const filters = new URLSearchParams(Object.entries(raw).filter(([k]) => k !== "cursor"));
  const nextHref = page.nextCursor ? `/audit?${new URLSearchParams({ ...Object.fromEntries(filters), cursor: page.nextCursor })}` : null;

  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          all
            ? "Every sign-in, issuance, change and decision, chained by hash and append-only."
            : "What you did in Keyless: sign-ins, credentials you got, requests."
        }
        actions={
          <>
            {all ? <VerifyChain action={verifyChainAction} /> : null}
            <a href={`/api/v1/audit/export?${filters}`} className={buttonClass("secondary")}>
              <Download className="size-4" aria-hidden /> Export CSV
            </a>
          </>
        }
      />
      {chain !== undefined ? <ChainStatus head={chain} /> : null}
      {!parsed.success ? <p className="mb-4 text-sm text-red-700">Some filters were invalid and were ignored.</p> : null}
      <form method="get" className="mb-4 grid gap-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm sm:grid-cols-6">
        {all ? <Input name="actor" placeholder="Actor email" defaultValue={raw.actor} aria-label="Actor" /> : null}
        {all ? (
          <Select name="action" defaultValue={raw.action ?? ""} aria-label="Action">
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </Select>
        ) : (
          <Input name="action" placeholder="Action (e.g. credentials)" defaultValue={raw.action} aria-label="Action" />
        )}
        {all ? <Input name="target" placeholder="Target id" defaultValue={raw.target} aria-label="Target" /> : null}
        <Select name="outcome" defaultValue={raw.outcome ?? ""} aria-label="Outcome">
          <option value="">Any outcome</option>
          <option value="success">success</option>
          <option value="denied">denied</option>
          <option value="failure">failure</option>
        </Select>
        <Input name="since" type="date" defaultValue={raw.since} aria-label="Since" />
        <div className="flex gap-2">
          <button type="submit" className={buttonClass("primary", "md", "flex-1")}>
            Filter
          </button>
          <Link href="/audit" className={buttonClass("ghost")}>
            Reset
          </Link>
        </div>
      </form>

      {page.items.length === 0 ? (
        <EmptyState title="No entries" icon={<ScrollText className="size-8" />}>
          Nothing matches these filters yet.
        </EmptyState>
      ) : (
        <SimpleTable columns={COLUMNS} rows={page.items} rowKey={(e) => e.id} rowClassName="align-top" />
      )}
      {nextHref ? (
        <div className="mt-4 flex justify-end">
          <Link href={nextHref} className={buttonClass("secondary")}>
            Older entries →
          </Link>
        </div>
      ) : null}
    </>
  );
}
