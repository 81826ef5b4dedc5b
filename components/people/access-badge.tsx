import { Badge, type Tone } from "@/components/ui/badge";
import { ACCESS_STATE_LABEL, accessState, type AccessState, type PersonStatus, type SuspendedBy } from "@/lib/people/status";

const TONE: Record<AccessState, Tone> = {
  active: "green",
  "suspended-admin": "red",
  "deactivated-scim": "amber",
  "refused-idp": "amber",
  deprovisioned: "slate",
};

const HINT: Record<AccessState, string> = {
  active: "May sign in and use Keyless",
  "suspended-admin": "An administrator suspended them: only an administrator can reactivate them",
  "deactivated-scim": "The identity provider deactivated them over SCIM: reactivate them there",
  "refused-idp": "The identity provider refused to renew their sign-in: a successful sign-in or SCIM lifts it",
  deprovisioned: "Removed by the identity provider",
};

export function AccessBadge({ status, suspendedBy }: { status: PersonStatus; suspendedBy: SuspendedBy | null }) {
  const state = accessState(status, suspendedBy);
  return (
    <Badge
      tone={TONE[state]}
      title={HINT[state]}
      data-state={state}
      className="before:size-1.5 before:rounded-full before:bg-current before:content-['']"
    >
      {ACCESS_STATE_LABEL[state]}
    </Badge>
  );
}

const ROLE_TONE = { engineer: "neutral", manager: "violet", admin: "blue" } as const;

export function RoleBadges({ roles }: { roles: ("engineer" | "manager" | "admin")[] }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {roles.map((r) => (
        <Badge key={r} tone={ROLE_TONE[r]}>
          {r}
        </Badge>
      ))}
    </span>
  );
}
