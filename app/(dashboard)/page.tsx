import type { Metadata } from "next";
import { BreakGlassReviews } from "@/components/approvals/break-glass-reviews";
import { PageHeader } from "@/components/ui/card";
import { RolePicker } from "@/components/credentials/role-picker";
import { CONSOLE_SERVICE_LIST_ID, ConsoleServiceList } from "@/components/credentials/console-service-list";
import { packRoles } from "@/lib/credentials/role-groups";
import { listBreakGlassToReview } from "@/lib/approvals/break-glass-review";
import { requirePageCaller } from "@/lib/auth/current";
import { can } from "@/lib/auth/guard";
import { listConsoleFavourites } from "@/lib/console/favourites";
import { CONSOLE_REGIONS } from "@/lib/console/services";
import { listUsableRoles } from "@/lib/credentials/role-list";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Credentials" };

export default async function CredentialsPage() {
  const caller = await requirePageCaller();
  // Managers and admins see the break-glass uses they owe a review first.
  const [roles, toReview, favourites] = await Promise.all([
    listUsableRoles(caller),
    can(caller, "grants.review") ? listBreakGlassToReview(caller) : Promise.resolve([]),
    can(caller, "console.open") ? listConsoleFavourites(caller) : Promise.resolve([]),
  ]);
  return (
    <>
      <PageHeader
        title="AWS credentials"
        description="Pick a role to get temporary credentials for your terminal, or open the AWS console. They expire on their own; nothing is stored."
      />
      <BreakGlassReviews uses={toReview} />
      <RolePicker
        packed={packRoles(roles)}
        region={env().AWS_REGION}
        requestHref="/requests/new"
        favourites={favourites}
        consoleChoices={{ serviceListId: CONSOLE_SERVICE_LIST_ID, serviceList: <ConsoleServiceList />, regions: CONSOLE_REGIONS }}
      />
    </>
  );
}
