import type { Metadata } from "next";
import { Suspense } from "react";
import { Download, FileKey2 } from "lucide-react";
import { KeyFilters } from "@/components/keys/key-filters";
import { KeysTable } from "@/components/keys/keys-table";
import { Pager } from "@/components/keys/pager";
import { PolicyPanel } from "@/components/keys/policy-panel";
import { SyncPanel } from "@/components/keys/sync-panel";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/current";
import { can } from "@/lib/auth/guard";
import { ValidationError } from "@/lib/errors";
import { listKeys } from "@/lib/inventory/keys";
import { keysQuerySchema } from "@/lib/inventory/keys-query";
import { getRotationPolicy } from "@/lib/inventory/policy-store";
import { keyStats, listKeyAccounts } from "@/lib/inventory/stats";
import { getInventoryStatus } from "@/lib/inventory/sync-status";
import { updateRotationPolicyAction } from "./actions";
import { ChartSkeleton, CountsSkeleton, KeyStatsSection } from "./key-stats";

export const metadata: Metadata = { title: "Access keys" };

// Up to this many accounts the account filter is a select sent with the page; beyond, a field
// whose suggestions load when it is first used (a thousand options would weigh on every load).
const ACCOUNT_SELECT_MAX = 100;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function KeysPage({ searchParams }: { searchParams: SearchParams }) {
  const caller = await requirePagePermission("keys.read.own");
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const parsed = keysQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : keysQuerySchema.parse({});
  const all = can(caller, "keys.read.all");
  // Started before anything else is awaited; rendered when ready (see key-stats.tsx).
  const stats = keyStats(caller, query);
  stats.catch(() => undefined); // handled where it is awaited; never "unhandled" if the page fails first

  const [page, status, policy, accounts] = await Promise.all([
    listKeys(caller, query).catch((e: unknown) => {
      // A stale or hand-edited cursor: show the first page rather than an error page.
      if (e instanceof ValidationError) return listKeys(caller, { ...query, cursor: undefined });
      throw e;
    }),
    getInventoryStatus(caller),
    getRotationPolicy(caller),
    listKeyAccounts(caller, ACCOUNT_SELECT_MAX + 1),
  ]);
  const exportQuery = new URLSearchParams(Object.entries(raw).filter(([k]) => k !== "cursor" && k !== "limit"));

  return (
    <>
      <PageHeader
        title="Access keys"
        description={
          all
            ? "Every long-lived IAM access key in every account, with its age and rotation state."
            : "The long-lived IAM access keys you own (IAM users tagged with your email), with their age and rotation state."
        }
        actions={
          <a href={`/api/v1/keys/export?${exportQuery}`} className={buttonClass("secondary")} download>
            <Download className="size-4" aria-hidden /> Export CSV
          </a>
        }
      />
      <div className="space-y-4">
        <SyncPanel status={status} canSync={can(caller, "inventory.sync")} canWatch={can(caller, "inventory.read")} />
        {!parsed.success ? <Alert tone="warning">Some filters in the address were invalid and were ignored.</Alert> : null}
        <Suspense fallback={<CountsSkeleton />}>
          <KeyStatsSection stats={stats} part="counts" />
        </Suspense>
        <PolicyPanel
          policy={policy.policy}
          updatedBy={policy.updatedBy}
          canEdit={can(caller, "settings.manage")}
          action={updateRotationPolicyAction}
        />
        <Suspense fallback={<ChartSkeleton />}>
          <KeyStatsSection stats={stats} part="chart" />
        </Suspense>
        <div>
          <KeyFilters accounts={accounts.length > ACCOUNT_SELECT_MAX ? null : accounts} filterByOwner={all} />
          {page.items.length === 0 ? (
            <EmptyState title="No keys here" icon={<FileKey2 className="size-8" />}>
              {!all && !query.cursor && Object.keys(raw).length === 0
                ? "No IAM user is tagged with your email as its owner, so you have no long-lived keys. That is the goal."
                : "Nothing matches these filters."}
            </EmptyState>
          ) : (
            <>
              <KeysTable items={page.items} sort={query.sort} linkIntegrations={can(caller, "integrations.read")} />
              <Pager nextCursor={page.nextCursor} shown={page.items.length} />
            </>
          )}
        </div>
      </div>
    </>
  );
}
