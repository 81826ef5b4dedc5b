"use client";

import { ExternalLink, KeyRound, Lock, Search, ShieldCheck } from "lucide-react";
import { useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/field";
import { ApiProblem, apiPost } from "@/components/credentials/api";
import { BreakGlassButton } from "@/components/credentials/break-glass-dialog";
import { DestinationPicker, FavouriteLinks, StarButton, type Destination } from "@/components/credentials/console-destination";
import { CredentialsPanel, type Issued } from "@/components/credentials/credentials-panel";
import { profileName } from "@/cli/src/formats";
import type { ConsoleFavouriteView } from "@/lib/console/favourite-schemas";
import type { ListedRole as UsableRole } from "@/lib/credentials/roles";

const DURATIONS = [900, 1800, 3600, 7200, 14400, 28800, 43200];

function label(seconds: number): string {
  return seconds < 3600 ? `${seconds / 60} min` : `${seconds / 3600} h`;
}

type State = { roleId: string; issued?: Issued; error?: string; busy?: "credentials" | "console" };

export function RolePicker({
  roles,
  region,
  requestHref,
  favourites = [],
}: {
  roles: UsableRole[];
  region: string;
  requestHref?: string;
  favourites?: ConsoleFavouriteView[];
}) {
  const [query, setQuery] = useState("");
  const [destination, setDestination] = useState<Destination>({});
  const usableRoleIds = useMemo(() => new Set(roles.filter((r) => !r.requiresApproval || r.grant).map((r) => r.id)), [roles]);
  const [durations, setDurations] = useState<Record<string, number>>({});
  const [state, setState] = useState<State | null>(null);

  const filtered = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return roles;
    return roles.filter((r) => [r.roleName, r.accountName, r.accountId, r.description ?? ""].some((v) => v.toLowerCase().includes(q)));
  }, [roles, query]);

  const byAccount = useMemo(() => {
    const groups = new Map<string, { name: string; id: string; roles: UsableRole[] }>();
    for (const r of filtered) {
      const g = groups.get(r.accountId) ?? { name: r.accountName, id: r.accountId, roles: [] };
      g.roles.push(r);
      groups.set(r.accountId, g);
    }
    return [...groups.values()];
  }, [filtered]);

  async function getCredentials(role: UsableRole) {
    const durationSeconds = durations[role.id] ?? Math.min(3600, role.maxDurationSeconds);
    setState({ roleId: role.id, busy: "credentials" });
    try {
      const issued = await apiPost<Issued>("/api/v1/credentials", { roleId: role.id, durationSeconds });
      setState({ roleId: role.id, issued });
    } catch (e) {
      setState({ roleId: role.id, error: e instanceof ApiProblem ? e.message : "Something went wrong." });
    }
  }

  async function openConsole(role: UsableRole, to: Destination = destination) {
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
      <DestinationPicker value={destination} onChange={setDestination} />
      {roles.length > 5 ? (
        <div className="relative max-w-md">
          <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden />
          <Input
            type="search"
            placeholder="Search roles or accounts"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            className="pl-9!"
            aria-label="Search roles"
          />
        </div>
      ) : null}
      {filtered.length === 0 ? <EmptyState title="No role matches your search">Try an account name, id or role name.</EmptyState> : null}

      {byAccount.map((account) => (
        <section key={account.id} aria-label={`${account.name} (${account.id})`} className="space-y-2">
          <h2 className="flex items-baseline gap-2 text-sm font-semibold text-slate-900">
            {account.name} <span className="font-mono text-xs font-normal text-slate-500">{account.id}</span>
          </h2>
          <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
            {account.roles.map((role) => {
              const active = state?.roleId === role.id ? state : null;
              const options = DURATIONS.filter((d) => d <= role.maxDurationSeconds);
              return (
                <li key={role.id} data-testid={`role-${role.roleName}`} className="p-4">
                  <div className="flex flex-col gap-3 md:flex-row md:items-center">
                    <div className="min-w-0 flex-1">
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="font-medium text-slate-900">{role.roleName}</span>
                        {role.grant && role.grantIsBreakGlass ? (
                          <Badge tone="red" title={`Break-glass access until ${role.grant.expiresAt}`}>
                            <Lock className="size-3" aria-hidden /> Break-glass until{" "}
                            {new Date(role.grant.expiresAt).toISOString().slice(11, 16)} UTC
                          </Badge>
                        ) : role.requiresApproval && role.grant ? (
                          <Badge tone="green" title={`Approved access until ${role.grant.expiresAt}`}>
                            <Lock className="size-3" aria-hidden /> Approved until{" "}
                            {new Date(role.grant.expiresAt).toISOString().slice(11, 16)} UTC
                          </Badge>
                        ) : role.requiresApproval ? (
                          <Badge tone="amber">
                            <Lock className="size-3" aria-hidden /> Requires approval
                          </Badge>
                        ) : null}
                        {role.breakGlassMaxSeconds !== null && !role.grant ? <Badge tone="red">Break-glass</Badge> : null}
                        {role.deliveryMode === "WEB_IDENTITY" ? (
                          <Badge tone="violet" title="Assumed with your SSO token (AssumeRoleWithWebIdentity)">
                            <ShieldCheck className="size-3" aria-hidden /> SSO token
                          </Badge>
                        ) : null}
                      </div>
                      <p className="mt-0.5 text-xs text-slate-500">
                        {role.description ? `${role.description} · ` : ""}up to {label(role.maxDurationSeconds)}
                      </p>
                    </div>
                    {role.requiresApproval && !role.grant ? (
                      <div className="flex flex-wrap items-center gap-3">
                        {!role.canRequest ? (
                          <span className="text-xs text-slate-500" title={`Only ${role.requesterGroups.join(", ")} may request it`}>
                            You can&apos;t request this role
                          </span>
                        ) : requestHref ? (
                          <a href={`${requestHref}?roleId=${role.id}`} className="text-brand-700 text-sm font-medium hover:underline">
                            Request access
                          </a>
                        ) : (
                          <span className="text-xs text-slate-500">A manager must approve access first.</span>
                        )}
                        {role.breakGlassMaxSeconds !== null ? (
                          <BreakGlassButton
                            role={{
                              id: role.id,
                              roleName: role.roleName,
                              accountName: role.accountName,
                              breakGlassMaxSeconds: role.breakGlassMaxSeconds,
                            }}
                          />
                        ) : null}
                      </div>
                    ) : (
                      <div className="flex flex-wrap items-center gap-2">
                        <Select
                          aria-label={`Session length for ${role.roleName}`}
                          className="w-24!"
                          value={durations[role.id] ?? Math.min(3600, role.maxDurationSeconds)}
                          onChange={(e) => setDurations((d) => ({ ...d, [role.id]: Number(e.target.value) }))}
                        >
                          {options.map((d) => (
                            <option key={d} value={d}>
                              {label(d)}
                            </option>
                          ))}
                        </Select>
                        <Button onClick={() => getCredentials(role)} disabled={Boolean(active?.busy)}>
                          <KeyRound className="size-4" aria-hidden />
                          {active?.busy === "credentials" ? "Getting…" : "Get credentials"}
                        </Button>
                        <Button variant="secondary" onClick={() => openConsole(role)} disabled={Boolean(active?.busy)}>
                          <ExternalLink className="size-4" aria-hidden />
                          {active?.busy === "console" ? "Opening…" : "Open console"}
                        </Button>
                        <StarButton roleId={role.id} roleName={role.roleName} destination={destination} favourites={favourites} />
                      </div>
                    )}
                  </div>
                  {active?.error ? (
                    <Alert tone="error" className="mt-3">
                      {active.error}
                    </Alert>
                  ) : null}
                  {active?.issued ? (
                    <div className="mt-4">
                      <CredentialsPanel
                        issued={active.issued}
                        title={`${role.roleName} in ${role.accountName}`}
                        profile={profileName(role.accountName, role.roleName)}
                        region={region}
                        renewing={active.busy === "credentials"}
                        onRenew={() => getCredentials(role)}
                        onClose={() => setState(null)}
                      />
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
