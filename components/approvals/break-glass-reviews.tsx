import { Siren } from "lucide-react";
import { ReviewButton } from "@/components/approvals/review-button";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";
import type { GrantView } from "@/lib/approvals/grants";

/** Break-glass uses awaiting review: who, which role, when, why, and a Review button. */
export function BreakGlassReviews({ uses }: { uses: GrantView[] }) {
  if (uses.length === 0) return null;
  const now = new Date();
  return (
    <section id="break-glass" aria-labelledby="break-glass-heading" className="mb-8 space-y-3">
      <h2 id="break-glass-heading" className="flex items-center gap-2 text-sm font-semibold text-red-800">
        <Siren className="size-4" aria-hidden /> Break-glass uses awaiting review ({uses.length})
      </h2>
      <Card className="divide-y divide-slate-100 border-red-200">
        {uses.map((g) => (
          <div key={g.id} className="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-start" data-testid={`break-glass-${g.id}`}>
            <div className="min-w-0 flex-1 space-y-1">
              <p className="text-sm">
                <span className="font-medium">{g.user.name ?? g.user.email}</span> activated{" "}
                <span className="font-medium">{g.awsRole.roleName}</span> in {g.awsRole.account.name} <RelativeTime date={g.startsAt} />{" "}
                {g.revokedAt ? (
                  <Badge>revoked</Badge>
                ) : g.expiresAt > now ? (
                  <Badge tone="red">active until {formatDateTime(g.expiresAt).slice(11)}</Badge>
                ) : (
                  <Badge>ended</Badge>
                )}
              </p>
              <p className="text-xs text-slate-500">
                {g.user.email} · {formatDateTime(g.startsAt)}
              </p>
              <blockquote className="border-l-2 border-red-200 pl-3 text-sm break-words text-slate-800">{g.justification}</blockquote>
            </div>
            <ReviewButton grantId={g.id} who={g.user.name ?? g.user.email} role={g.awsRole.roleName} />
          </div>
        ))}
      </Card>
    </section>
  );
}
