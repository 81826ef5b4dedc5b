"use client";

import { ExternalLink, KeyRound, Lock, ShieldCheck } from "lucide-react";
import dynamic from "next/dynamic";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { StarButton, type Destination } from "@/components/credentials/console-destination";
import type { Issued } from "@/components/credentials/credentials-panel";
import type { PickerRole } from "@/lib/credentials/role-groups";
import { profileName } from "@/cli/src/formats";
import type { ConsoleFavouriteView } from "@/lib/console/favourite-schemas";

// Shown only once credentials are issued: its code (the panel, countdown, copy buttons) loads then.
const CredentialsPanel = dynamic(() => import("@/components/credentials/credentials-panel").then((m) => m.CredentialsPanel), {
  ssr: false,
});
// Only break-glass roles have it (and few people have those): its dialog loads with the first.
const BreakGlassButton = dynamic(() => import("@/components/credentials/break-glass-dialog").then((m) => m.BreakGlassButton));

// One role on the credentials page: its badges, and either its session length with the
// credentials and console buttons, or what the person may do to get access.

const DURATIONS = [900, 1800, 3600, 7200, 14400, 28800, 43200];

function label(seconds: number): string {
  return seconds < 3600 ? `${seconds / 60} min` : `${seconds / 3600} h`;
}

const until = (iso: string) => `${new Date(iso).toISOString().slice(11, 16)} UTC`;

export type RoleState = { roleId: string; issued?: Issued; error?: string; busy?: "credentials" | "console" };

export type RoleRowProps = {
  role: PickerRole;
  active: RoleState | null;
  duration: number;
  onDuration: (seconds: number) => void;
  onCredentials: () => void;
  onConsole: () => void;
  onClose: () => void;
  region: string;
  requestHref?: string;
  destination: Destination;
  favourites: ConsoleFavouriteView[];
};

function Badges({ role }: { role: PickerRole }) {
  return (
    <>
      {role.grant && role.grantIsBreakGlass ? (
        <Badge tone="red" title={`Break-glass access until ${role.grant.expiresAt}`}>
          <Lock className="size-3" aria-hidden /> Break-glass until {until(role.grant.expiresAt)}
        </Badge>
      ) : role.requiresApproval && role.grant ? (
        <Badge tone="green" title={`Approved access until ${role.grant.expiresAt}`}>
          <Lock className="size-3" aria-hidden /> Approved until {until(role.grant.expiresAt)}
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
    </>
  );
}

function NeedsAccess({ role, requestHref }: { role: PickerRole; requestHref?: string }) {
  return (
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
          role={{ id: role.id, roleName: role.roleName, accountName: role.accountName, breakGlassMaxSeconds: role.breakGlassMaxSeconds }}
        />
      ) : null}
    </div>
  );
}

export function RoleRow(props: RoleRowProps) {
  const { role, active } = props;
  return (
    <div data-testid={`role-${role.roleName}`} className="p-4">
      <div className="flex flex-col gap-3 md:flex-row md:items-center">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium text-slate-900">{role.roleName}</span>
            <Badges role={role} />
          </div>
          <p className="mt-0.5 text-xs text-slate-500">
            {role.description ? `${role.description} · ` : ""}up to {label(role.maxDurationSeconds)}
          </p>
        </div>
        {role.requiresApproval && !role.grant ? <NeedsAccess role={role} requestHref={props.requestHref} /> : <Actions {...props} />}
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
            region={props.region}
            renewing={active.busy === "credentials"}
            onRenew={props.onCredentials}
            onClose={props.onClose}
          />
        </div>
      ) : null}
    </div>
  );
}

function Actions({ role, active, duration, onDuration, onCredentials, onConsole, destination, favourites }: RoleRowProps) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Select
        aria-label={`Session length for ${role.roleName}`}
        className="w-24!"
        value={duration}
        onChange={(e) => onDuration(Number(e.target.value))}
      >
        {DURATIONS.filter((d) => d <= role.maxDurationSeconds).map((d) => (
          <option key={d} value={d}>
            {label(d)}
          </option>
        ))}
      </Select>
      <Button onClick={onCredentials} disabled={Boolean(active?.busy)}>
        <KeyRound className="size-4" aria-hidden />
        {active?.busy === "credentials" ? "Getting…" : "Get credentials"}
      </Button>
      <Button variant="secondary" onClick={onConsole} disabled={Boolean(active?.busy)}>
        <ExternalLink className="size-4" aria-hidden />
        {active?.busy === "console" ? "Opening…" : "Open console"}
      </Button>
      <StarButton roleId={role.id} roleName={role.roleName} destination={destination} favourites={favourites} />
    </div>
  );
}
