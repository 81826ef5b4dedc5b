import type { Metadata } from "next";
import { Users } from "lucide-react";
import { Pager } from "@/components/keys/pager";
import { PeopleFilters } from "@/components/people/people-filters";
import { PeopleTable } from "@/components/people/people-table";
import { Alert } from "@/components/ui/alert";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/current";
import { ValidationError } from "@/lib/errors";
import { listPeople } from "@/lib/people/list";
import { peopleQuerySchema } from "@/lib/people/schemas";

export const metadata: Metadata = { title: "People" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function PeoplePage({ searchParams }: { searchParams: SearchParams }) {
  const caller = await requirePagePermission("people.read");
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const parsed = peopleQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : peopleQuerySchema.parse({});
  const page = await listPeople(caller, query).catch((e: unknown) => {
    // A stale or hand-edited cursor: show the first page rather than an error page.
    if (e instanceof ValidationError) return listPeople(caller, { ...query, cursor: undefined });
    throw e;
  });
  const filtered = Boolean(query.q || query.status || query.source || query.role);
  return (
    <>
      <PageHeader
        title="People"
        description="Everyone who signed in to Keyless or was provisioned by your identity provider: where their access stands, where they are signed in, and the AWS sessions Keyless issued them. Open a person to suspend them or revoke their AWS sessions."
      />
      {!parsed.success ? (
        <Alert tone="warning" className="mb-3">
          Some filters in the address were invalid and were ignored.
        </Alert>
      ) : null}
      <PeopleFilters />
      {page.items.length === 0 ? (
        <EmptyState title={filtered ? "Nobody matches" : "Nobody yet"} icon={<Users className="size-8" />}>
          {filtered
            ? "Nobody matches these filters."
            : "People appear here when they first sign in, or when your identity provider provisions them."}
        </EmptyState>
      ) : (
        <>
          <PeopleTable people={page.items} sort={query.sort} />
          <Pager nextCursor={page.nextCursor} shown={page.items.length} noun={["person", "people"]} />
        </>
      )}
    </>
  );
}
