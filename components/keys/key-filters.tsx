"use client";

import { Search } from "lucide-react";
import { useEffect, useState } from "react";
import { STATE_META } from "@/components/keys/state-badge";
import { useKeysUrl } from "@/components/keys/url-state";
import { ClearFilters } from "@/components/ui/clear-filters";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/field";
import { KEY_STATES } from "@/lib/inventory/key-age-state";
import { stateListSchema } from "@/lib/inventory/keys-query";

type Account = { accountId: string; name: string };
/** `accounts` null: too many to send with the page; the account field loads them when first used. */
type Props = { accounts: Account[] | null; filterByOwner: boolean };

/** Suggestions (owners; accounts when there are many), fetched when the field is first used: hundreds would weigh on every page load. */
function useSuggestions<T>(url: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const load = () => {
    if (items) return;
    setItems([]);
    fetch(url, { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? (r.json() as Promise<{ items: T[] }>) : { items: [] }))
      .then((b) => setItems(b.items))
      .catch(() => setItems(null));
  };
  return { items: items ?? [], load };
}

export function KeyFilters({ accounts, filterByOwner }: Props) {
  const { params, update } = useKeysUrl();
  const [q, setQ] = useState(params.get("q") ?? "");
  const [owner, setOwner] = useState(params.get("owner") ?? "");
  const [account, setAccount] = useState(params.get("accountId") ?? "");
  const suggestions = useSuggestions<{ owner: string }>("/api/v1/keys/owners");
  const accountSuggestions = useSuggestions<Account>("/api/v1/keys/accounts");

  // Search as people type, without a request per keystroke.
  useEffect(() => {
    if (q === (params.get("q") ?? "")) return;
    const t = setTimeout(() => update({ q: q.trim() || null }), 300);
    return () => clearTimeout(t);
  }, [q, params, update]);

  const filtered = ["state", "accountId", "q", "owner", "integrationId"].some((k) => params.get(k));
  const state = params.get("state") ?? "";
  // Parsed as the server parses it, so the select names exactly the set the table shows.
  const parsed = stateListSchema.safeParse(state);
  const stateSet = parsed.success && parsed.data !== "all" && parsed.data.length > 1 ? parsed.data : null;
  return (
    <div
      className={cn(
        "mb-3 grid grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm",
        filterByOwner ? "lg:grid-cols-[1.6fr_1fr_1fr_1.2fr_1fr_auto]" : "lg:grid-cols-[1.6fr_1fr_1fr_1fr_auto]",
      )}
      role="search"
    >
      <label className="relative col-span-2 lg:col-span-1">
        <span className="sr-only">Search by key id or user</span>
        <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-400" aria-hidden />
        <Input value={q} onChange={(e) => setQ(e.target.value)} placeholder="Key id or IAM user" className="pl-8" maxLength={128} />
      </label>
      <Select aria-label="State" value={state} onChange={(e) => update({ state: e.target.value })}>
        <option value="">All current keys</option>
        {/* A set of states from a link or the API's syntax (?state=due,overdue): shown as it is, not as "all". */}
        {stateSet ? <option value={state}>{stateSet.map((s) => STATE_META[s].label).join(", ")}</option> : null}
        {KEY_STATES.map((s) => (
          <option key={s} value={s}>
            {STATE_META[s].label}
          </option>
        ))}
        <option value="all">Everything, deleted too</option>
      </Select>
      {accounts ? (
        <Select aria-label="Account" value={params.get("accountId") ?? ""} onChange={(e) => update({ accountId: e.target.value })}>
          <option value="">All accounts</option>
          {accounts.map((a) => (
            <option key={a.accountId} value={a.accountId}>
              {a.name} ({a.accountId})
            </option>
          ))}
        </Select>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            update({ accountId: account.trim() || null });
          }}
        >
          <Input
            aria-label="Account"
            list="key-accounts"
            value={account}
            onChange={(e) => setAccount(e.target.value)}
            onFocus={accountSuggestions.load}
            onBlur={() => account.trim() !== (params.get("accountId") ?? "") && update({ accountId: account.trim() || null })}
            placeholder="Account id (all)"
            inputMode="numeric"
            maxLength={12}
          />
          <datalist id="key-accounts">
            {accountSuggestions.items.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {a.name}
              </option>
            ))}
          </datalist>
        </form>
      )}
      {filterByOwner ? (
        <form
          className="col-span-2 lg:col-span-1"
          onSubmit={(e) => {
            e.preventDefault();
            update({ owner: owner.trim() || null });
          }}
        >
          <Input
            aria-label="Owner"
            list="key-owners"
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
            onFocus={suggestions.load}
            onBlur={() => owner.trim() !== (params.get("owner") ?? "") && update({ owner: owner.trim() || null })}
            placeholder="Owner email, or none"
          />
          <datalist id="key-owners">
            <option value="none">Nobody (no owner tag)</option>
            {suggestions.items.map(({ owner: o }) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        </form>
      ) : null}
      <Select
        aria-label="Integration"
        value={params.get("integrationId") ?? ""}
        onChange={(e) => update({ integrationId: e.target.value })}
      >
        <option value="">Any integration</option>
        <option value="any">Rotated by an integration</option>
        <option value="none">Not rotated by Keyless</option>
      </Select>
      <ClearFilters
        disabled={!filtered}
        onClear={() => {
          setQ("");
          setOwner("");
          setAccount("");
          update({ state: null, accountId: null, q: null, owner: null, integrationId: null });
        }}
      />
    </div>
  );
}
