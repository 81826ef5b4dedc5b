import { Suspense } from "react";
import { NAV_ITEMS } from "@/components/shell/nav-items";
import { PendingBadge } from "@/components/shell/pending-badge";
import { RotationBanner } from "@/components/integrations/rotation-banner";
import { Sidebar } from "@/components/shell/sidebar";
import { UserMenu } from "@/components/shell/user-menu";
import { requirePageCaller } from "@/lib/auth/current";
import { can } from "@/lib/auth/guard";
import { signOutAction, signOutEverywhereAction } from "./actions";

// Every dashboard page renders this, so it awaits one thing only: who is signed in (one
// session lookup, shared with the page through React's per-request cache). The approvals
// badge and the rotation banner are queried while the page renders, and the badge streams
// in after the page's HTML (it is not worth holding the page for).
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const caller = await requirePageCaller();
  const items = NAV_ITEMS.filter((item) => can(caller, item.permission));
  const badges: Record<string, React.ReactNode> = can(caller, "requests.decide")
    ? {
        "/approvals": (
          <Suspense fallback={null}>
            <PendingBadge caller={caller} />
          </Suspense>
        ),
      }
    : {};
  return (
    <div className="min-h-dvh">
      <Sidebar
        items={items}
        badges={badges}
        footer={
          <UserMenu
            name={caller.name}
            email={caller.email}
            roles={caller.roles}
            signOut={signOutAction}
            signOutEverywhere={signOutEverywhereAction}
          />
        }
      />
      <main className="lg:pl-64">
        <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
          {can(caller, "integrations.read") ? <RotationBanner caller={caller} /> : null}
          {children}
        </div>
      </main>
    </div>
  );
}
