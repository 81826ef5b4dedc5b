import { days, STATE_META } from "@/components/keys/state-badge";
import { KeysTableFrame } from "@/components/keys/keys-table-frame";
import { RelativeTime } from "@/components/ui/relative-time";
import type { KeyItem } from "@/lib/inventory/key-row";
import type { Sort } from "@/lib/inventory/keys-query";

// The keys table. Sorting, filtering and paging happen in the database, driven by the URL.
// The rows are server components: the browser gets their HTML and the rendered elements in
// the React payload, never the row data again as props for a client table to re-render
// (and no table library to download and hydrate). Only the header (sort buttons) and the
// frame (dimmed while the next page loads) are client code: keys-table-frame.tsx.
// The per-row styles are the short .keys-row classes of app/globals.css: a page holds up to
// 500 rows, and each class string would be repeated in the HTML and in the payload.

function KeyRow({ k, linkIntegrations }: { k: KeyItem; linkIntegrations: boolean }) {
  return (
    <tr data-testid={`key-${k.accessKeyId}`} className={k.state === "deleted" ? "keys-row text-slate-400" : "keys-row"}>
      <td>
        <span className="k-main font-medium text-slate-900">{k.userName}</span>
        <span className="k-id">{k.accessKeyId}</span>
      </td>
      <td>
        <span className="k-main">{k.accountName}</span>
        <span className="k-id">{k.accountId}</span>
      </td>
      <td>
        {k.owner ? (
          <>
            <span className="k-main">{k.owner}</span>
            {k.team ? <span className="k-sub">{k.team}</span> : null}
          </>
        ) : (
          <span className="text-xs text-amber-700">No owner tag</span>
        )}
      </td>
      <td>{days(k.ageDays)}</td>
      <td>
        {/* StateBadge's look, from .k-state in globals.css (its tone classes would be 230 bytes a row). */}
        <span className="k-state" data-state={k.state} title={STATE_META[k.state].hint}>
          {STATE_META[k.state].label}
        </span>
      </td>
      <td>
        {k.lastUsedAt ? (
          <>
            <RelativeTime date={k.lastUsedAt} />
            {k.lastUsedService ? (
              <span className="k-sub">{k.lastUsedRegion ? `${k.lastUsedService} · ${k.lastUsedRegion}` : k.lastUsedService}</span>
            ) : null}
          </>
        ) : (
          <span className="text-slate-400">Never</span>
        )}
      </td>
      <td>
        {/* Admins open the integration; others learn that Keyless rotates this key for them. */}
        {!k.integrationId ? (
          "—"
        ) : linkIntegrations ? (
          <a href={`/integrations/${k.integrationId}`} className="text-brand-700 hover:underline">
            Rotated by Keyless
          </a>
        ) : (
          "Rotated by Keyless"
        )}
      </td>
    </tr>
  );
}

export function KeysTable({ items, sort, linkIntegrations = false }: { items: KeyItem[]; sort: Sort; linkIntegrations?: boolean }) {
  return (
    <KeysTableFrame sort={sort}>
      {items.map((k) => (
        <KeyRow key={k.accessKeyId} k={k} linkIntegrations={linkIntegrations} />
      ))}
    </KeysTableFrame>
  );
}
