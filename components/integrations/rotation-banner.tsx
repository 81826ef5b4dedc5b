import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import type { UserCaller } from "@/lib/auth/caller";
import { rotationsNeedingAttention } from "@/lib/rotation/queries";

/** On every dashboard page, for admins: rotations whose last run failed or warned. */
export async function RotationBanner({ caller }: { caller: UserCaller }) {
  const items = await rotationsNeedingAttention(caller);
  if (items.length === 0) return null;
  const failed = items.some((i) => i.status !== "succeeded");
  const shown = items.slice(0, 3);
  return (
    <div className="mb-6" data-testid="rotation-banner">
      <Alert
        tone={failed ? "error" : "warning"}
        title={`${items.length} key rotation${items.length === 1 ? "" : "s"} need${items.length === 1 ? "s" : ""} attention`}
      >
        <ul className="mt-1 space-y-1">
          {shown.map((i) => (
            <li key={i.rotationId}>
              <Link href={`/integrations/${i.integrationId}/rotations/${i.rotationId}`} className="font-medium underline">
                {i.integrationName}
              </Link>
              : <span className="line-clamp-2 inline">{i.message}</span>
            </li>
          ))}
        </ul>
        {items.length > shown.length ? (
          <Link href="/integrations" className="mt-1 inline-block underline">
            and {items.length - shown.length} more
          </Link>
        ) : null}
      </Alert>
    </div>
  );
}
