import { LogOut } from "lucide";
import { SignOutEverywhere } from "@/components/shell/sign-out-everywhere";
import { Badge } from "@/components/ui/badge";
import { SvgIcon } from "@/components/ui/svg-icon";
import type { ActionResult } from "@/lib/actions/result";
import type { Role } from "@/lib/permissions";

const ROLE_TONE = { engineer: "neutral", manager: "violet", admin: "blue" } as const;

export function UserMenu({
  name,
  email,
  roles,
  signOut,
  signOutEverywhere,
}: {
  name: string | null;
  email: string;
  roles: Role[];
  signOut: (form: FormData) => Promise<void>;
  signOutEverywhere: (prev: ActionResult | null) => Promise<ActionResult>;
}) {
  return (
    <div className="space-y-3">
      <div className="min-w-0 px-2">
        <p className="truncate text-sm font-medium text-slate-900">{name ?? email}</p>
        <p className="truncate text-xs text-slate-500">{email}</p>
        <div className="mt-2 flex flex-wrap gap-1" aria-label="Your roles">
          {roles.map((r) => (
            <Badge key={r} tone={ROLE_TONE[r]}>
              {r}
            </Badge>
          ))}
        </div>
      </div>
      <div className="flex gap-1">
        <form action={signOut} className="flex-1">
          <button type="submit" className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
            <SvgIcon icon={LogOut} className="size-4" /> Sign out
          </button>
        </form>
        <SignOutEverywhere action={signOutEverywhere} />
      </div>
    </div>
  );
}
