import type { Metadata } from "next";
import Link from "next/link";
import { Inbox, Plus } from "lucide-react";
import { RequestList } from "@/components/approvals/request-list";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { listRequests } from "@/lib/approvals/requests";
import { requirePagePermission } from "@/lib/auth/current";

export const metadata: Metadata = { title: "My requests" };

export default async function RequestsPage() {
  const caller = await requirePagePermission("requests.read.own");
  const requests = await listRequests(caller, { scope: "mine", limit: 100 });
  return (
    <>
      <PageHeader
        title="My requests"
        description="Ask for time-bound access to a role that needs approval. A manager other than you decides; you are told either way."
        actions={
          <Link href="/requests/new" className={buttonClass()}>
            <Plus className="size-4" aria-hidden /> New request
          </Link>
        }
      />
      {requests.length === 0 ? (
        <EmptyState title="No requests yet" icon={<Inbox className="size-8" />}>
          Roles marked “requires approval” on the credentials page can be requested here.
        </EmptyState>
      ) : (
        <RequestList requests={requests} />
      )}
    </>
  );
}
