import { KeyRound } from "lucide-react";
import { ActionButton } from "@/components/approvals/action-button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { ActionResult } from "@/lib/actions/result";
import type { SecretStatus } from "@/lib/integrations/adopt-secret";

// A Secrets Manager integration's secret: whether Keyless may write it (created by Keyless
// for it, adopted, or someone else's), and for admins the way to adopt an existing one.

const TONE: Record<SecretStatus["state"], string> = {
  ours: "text-emerald-700",
  legacy: "text-slate-700",
  absent: "text-slate-700",
  foreign: "text-amber-800",
  unknown: "text-amber-800",
};

export function SecretCard({
  integrationId,
  status,
  manage,
  adopt,
}: {
  integrationId: string;
  status: SecretStatus;
  manage: boolean;
  adopt: (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
}) {
  return (
    <Card className="space-y-3 p-5">
      <h2 className="flex items-center gap-2 text-sm font-semibold">
        <KeyRound className="size-4" aria-hidden /> Secret
      </h2>
      <p className="font-mono text-xs break-all text-slate-700">{status.secretId}</p>
      <p className={cn("text-sm", TONE[status.state])} data-testid="secret-status">
        {status.detail}
      </p>
      {manage && status.adoptable ? (
        <ActionButton
          id={integrationId}
          label="Adopt this secret"
          action={adopt}
          confirm={`Let Keyless overwrite ${status.secretId} with this integration's key at every rotation? Its current value is replaced at the next rotation.`}
        />
      ) : null}
    </Card>
  );
}
