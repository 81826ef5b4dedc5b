"use client";

import { KeyRound, Search } from "lucide-react";
import dynamic from "next/dynamic";
import { useCallback, useDeferredValue, useMemo, useState } from "react";
import { EmptyState } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { ApiProblem, apiPost } from "@/components/credentials/api";
import { DestinationPicker, FavouriteLinks, type ConsoleChoices, type Destination } from "@/components/credentials/console-destination";
import { PlainRoles, WINDOW_FROM } from "@/components/credentials/role-rows";
import { roleRows, searchIndex, unpackRoles, type PackedRoles, type PickerRole } from "@/lib/credentials/role-groups";
import type { Issued } from "@/components/credentials/credentials-panel";
import type { RoleState } from "@/components/credentials/role-row";
import type { ConsoleFavouriteView } from "@/lib/console/favourite-schemas";

// The windowed list and its library are loaded only when the list is long (WINDOW_FROM rows):
// the server still renders its first screenful, and the page names its chunk for the browser.
const GroupedRoles = dynamic(() => import("@/components/credentials/grouped-roles").then((m) => m.GroupedRoles));

// The credentials page's roles: search (role, account name or id), grouped by account with
// collapsible groups, windowed by GroupedRoles when long; credentials and console links per role.

export function RolePicker({
  packed,
  region,
  requestHref,
  favourites = [],
  consoleChoices,
}: {
  packed: PackedRoles;
  region: string;
  requestHref?: string;
  favourites?: ConsoleFavouriteView[];
  consoleChoices: ConsoleChoices;
}) {
  const roles = useMemo(() => unpackRoles(packed), [packed]);
  const [query, setQuery] = useState("");
  const deferredQuery = useDeferredValue(query);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [destination, setDestination] = useState<Destination>({});
  const usableRoleIds = useMemo(() => new Set(roles.filter((r) => !r.requiresApproval || r.grant).map((r) => r.id)), [roles]);
  const [durations, setDurations] = useState<Record<string, number>>({});
  const [state, setState] = useState<RoleState | null>(null);
  const index = useMemo(() => searchIndex(roles), [roles]);
  const { rows, matches, accounts } = useMemo(
    () => roleRows(roles, index, deferredQuery, collapsed),
    [roles, index, deferredQuery, collapsed],
  );

  const toggle = useCallback((accountId: string) => {
    setCollapsed((c) => {
      const next = new Set(c);
      if (!next.delete(accountId)) next.add(accountId);
      return next;
    });
  }, []);

  async function getCredentials(role: PickerRole) {
    const durationSeconds = durations[role.id] ?? Math.min(3600, role.maxDurationSeconds);
    setState({ roleId: role.id, busy: "credentials" });
    try {
      const issued = await apiPost<Issued>("/api/v1/credentials", { roleId: role.id, durationSeconds });
      setState({ roleId: role.id, issued });
    } catch (e) {
      setState({ roleId: role.id, error: e instanceof ApiProblem ? e.message : "Something went wrong." });
    }
  }

  async function openConsole(role: PickerRole, to: Destination = destination) {
    // Open the tab now, inside the click, so popup blockers allow it; navigate when ready.
    const tab = window.open("about:blank", "_blank");
    setState((s) => ({ roleId: role.id, issued: s?.roleId === role.id ? s.issued : undefined, busy: "console" }));
    try {
      const picked = to.service || to.region ? { destination: { service: to.service, region: to.region } } : {};
      const { url } = await apiPost<{ url: string }>("/api/v1/console-url", { roleId: role.id, ...picked });
      if (tab) {
        tab.opener = null;
        tab.location.href = url;
      } else {
        window.location.assign(url);
      }
      setState((s) => (s ? { ...s, busy: undefined } : s));
    } catch (e) {
      tab?.close();
      setState({ roleId: role.id, error: e instanceof ApiProblem ? e.message : "Something went wrong." });
    }
  }

  if (roles.length === 0) {
    return (
      <EmptyState title="No AWS roles for your groups yet" icon={<KeyRound className="size-8" />}>
        Keyless shows the roles mapped to your SSO groups. Ask your platform team to map a role to one of your groups.
      </EmptyState>
    );
  }

  const rowProps = (role: PickerRole) => ({
    active: state?.roleId === role.id ? state : null,
    duration: durations[role.id] ?? Math.min(3600, role.maxDurationSeconds),
    onDuration: (seconds: number) => setDurations((d) => ({ ...d, [role.id]: seconds })),
    onCredentials: () => void getCredentials(role),
    onConsole: () => void openConsole(role),
    onClose: () => setState(null),
    region,
    requestHref,
    destination,
    favourites,
  });

  return (
    <div className="space-y-5">
      <FavouriteLinks
        favourites={favourites}
        usableRoleIds={usableRoleIds}
        busy={Boolean(state?.busy)}
        onOpen={(f) => {
          const role = roles.find((r) => r.id === f.roleId);
          if (role) void openConsole(role, { service: f.service, region: f.region });
        }}
      />
      <DestinationPicker value={destination} onChange={setDestination} choices={consoleChoices} />
      {roles.length > 5 ? (
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <div className="relative w-full max-w-md">
            <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden />
            <Input
              type="search"
              placeholder="Search roles or accounts (name or id)"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              className="pl-9!"
              aria-label="Search roles"
            />
          </div>
          <p className="text-sm text-slate-600" role="status" aria-live="polite">
            {deferredQuery.trim() ? `${matches} of ${roles.length} roles match` : `${roles.length} roles in ${accounts} accounts`}
          </p>
        </div>
      ) : null}
      {matches === 0 ? <EmptyState title="No role matches your search">Try an account name, id or role name.</EmptyState> : null}
      {rows.length >= WINDOW_FROM ? (
        <GroupedRoles rows={rows} onToggle={toggle} rowProps={rowProps} />
      ) : (
        <PlainRoles rows={rows} onToggle={toggle} rowProps={rowProps} />
      )}
    </div>
  );
}
