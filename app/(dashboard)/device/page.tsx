import type { Metadata } from "next";
import { DeviceCodeForm } from "@/components/cli/device-code-form";
import { DeviceConfirm } from "@/components/cli/device-confirm";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/current";
import { findDeviceRequest, type DeviceRequestView } from "@/lib/cli-auth/device";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { approveDeviceAction, denyDeviceAction } from "./actions";

export const metadata: Metadata = { title: "Sign in the CLI" };

// Where `keyless login` sends its person: enter (or follow a link with) the code shown in
// the terminal, see what is asking, approve or deny.
export default async function DevicePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const caller = await requirePagePermission("cli.sessions.own");
  const raw = (await searchParams).code;
  const code = typeof raw === "string" && raw.trim() !== "" ? raw.slice(0, 64) : null;

  let request: DeviceRequestView | null = null;
  let error: string | null = null;
  if (code) {
    try {
      request = await findDeviceRequest(caller, code);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }

  return (
    <>
      <PageHeader
        title="Sign in the Keyless CLI"
        description={
          <>
            Connect a terminal where you ran <code className="font-mono text-xs">keyless login</code> to your Keyless account.
          </>
        }
      />
      <div className="max-w-xl">
        {request ? (
          <DeviceConfirm
            request={{ ...request, createdAt: request.createdAt.toISOString(), expiresAt: request.expiresAt.toISOString() }}
            email={caller.email}
            sessionDays={env().KEYLESS_CLI_SESSION_DAYS}
            approve={approveDeviceAction}
            deny={denyDeviceAction}
          />
        ) : (
          <DeviceCodeForm defaultCode={code ?? ""} error={error} />
        )}
      </div>
    </>
  );
}
