"use client";

import { Search } from "lucide-react";
import { useEffect, useState } from "react";
import { useKeysUrl } from "@/components/keys/url-state";
import { ClearFilters } from "@/components/ui/clear-filters";
import { Input, Select } from "@/components/ui/field";

// Search and filters of the People list, kept in the URL like the keys table's.

export function PeopleFilters() {
  const { params, update } = useKeysUrl();
  const [q, setQ] = useState(params.get("q") ?? "");

  // Search as people type, without a request per keystroke.
  useEffect(() => {
    if (q === (params.get("q") ?? "")) return;
    const t = setTimeout(() => update({ q: q.trim() || null }), 300);
    return () => clearTimeout(t);
  }, [q, params, update]);

  const filtered = ["status", "source", "role", "q"].some((k) => params.get(k));
  return (
    <div
      className="mb-3 grid grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm lg:grid-cols-[1.8fr_1fr_1fr_1fr_auto]"
      role="search"
    >
      <label className="relative col-span-2 lg:col-span-1">
        <span className="sr-only">Search by email or name</span>
        <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-400" aria-hidden />
        <Input value={q} onChange={(e) => setQ(e.target.value)} placeholder="Email or name" className="pl-8" maxLength={128} />
      </label>
      <Select aria-label="Status" value={params.get("status") ?? ""} onChange={(e) => update({ status: e.target.value })}>
        <option value="">Any status</option>
        <option value="active">Active</option>
        <option value="suspended">Suspended</option>
        <option value="deprovisioned">Deprovisioned</option>
      </Select>
      <Select aria-label="Source" value={params.get("source") ?? ""} onChange={(e) => update({ source: e.target.value })}>
        <option value="">Any source</option>
        <option value="sso">SSO sign-in</option>
        <option value="scim">SCIM</option>
      </Select>
      <Select aria-label="Role" value={params.get("role") ?? ""} onChange={(e) => update({ role: e.target.value })}>
        <option value="">Any role</option>
        <option value="admin">Admins</option>
        <option value="manager">Managers</option>
        <option value="engineer">Engineers only</option>
      </Select>
      <ClearFilters
        disabled={!filtered}
        onClear={() => {
          setQ("");
          update({ status: null, source: null, role: null, q: null });
        }}
      />
    </div>
  );
}
