import { UserX } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/relative-time";

/** The owner's access to Keyless ended: nobody is alerted when this key's rotation fails. */
export function NeedsNewOwnerBadge({ since }: { since: Date | string }) {
  const d = typeof since === "string" ? new Date(since) : since;
  return (
    <Badge
      tone="amber"
      className="whitespace-nowrap"
      title={`Flagged ${formatDateTime(d)}: the owner's access to Keyless ended. Edit the integration to name a new owner.`}
    >
      <UserX className="size-3" aria-hidden /> Needs a new owner
    </Badge>
  );
}
