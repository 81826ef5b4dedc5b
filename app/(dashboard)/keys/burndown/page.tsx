import type { Metadata } from "next";
import { BurndownFilters } from "@/components/retirement/burndown-filters";
import { BurndownPanel } from "@/components/retirement/burndown-panel";
import { ReadyToRetire, RetirementsTable } from "@/components/retirement/retirement-tables";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/current";
import { can } from "@/lib/auth/guard";
import { env } from "@/lib/env";
import { burndownQuerySchema, keyBurndown, listKeyTeams } from "@/lib/retirement/burndown";
import { listReadyToRetire } from "@/lib/retirement/ready";
import { listRetirements } from "@/lib/retirement/retire";
import { retireKeyAction, undoRetirementAction } from "./actions";

export const metadata: Metadata = { title: "Key burn-down" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Engineers see the burn-down of their own keys; managers and admins every key, by team or
// owner, and the keys ready to retire; admins retire them (each DAL call checks again).
export default async function BurndownPage({ searchParams }: { searchParams: SearchParams }) {
  const caller = await requirePagePermission("keys.read.own");
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string" && v !== ""));
  const parsed = burndownQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : burndownQuerySchema.parse({});
  const all = can(caller, "keys.read.all");
  const [burndown, teams, ready, retirements] = await Promise.all([
    keyBurndown(caller, query),
    listKeyTeams(caller),
    all ? listReadyToRetire(caller) : Promise.resolve(null),
    all ? listRetirements(caller) : Promise.resolve(null),
  ]);
  const canRetire = can(caller, "keys.retire");
  return (
    <>
      <PageHeader
        title="Key burn-down"
        description={
          all
            ? "Long-lived IAM keys still active, day by day: people's own keys and services' keys. People who now get credentials through Keyless no longer need theirs."
            : "Your long-lived IAM keys still active, day by day. Once you get credentials through Keyless, an admin can retire yours."
        }
      />
      <div className="space-y-4">
        {!parsed.success ? <Alert tone="warning">Some filters in the address were invalid and were ignored.</Alert> : null}
        <BurndownFilters days={query.days} team={burndown.team} owner={all ? burndown.owner : null} teams={teams} byOwner={all} />
        <BurndownPanel burndown={burndown} days={query.days} />
        {ready ? (
          <ReadyToRetire rows={ready} retire={canRetire ? retireKeyAction : null} defaultDays={env().KEYLESS_RETIRE_DELETE_AFTER_DAYS} />
        ) : null}
        {retirements ? <RetirementsTable rows={retirements} undo={canRetire ? undoRetirementAction : null} /> : null}
      </div>
    </>
  );
}
