"use client";

import { CheckCircle2, Laptop, ShieldAlert, XCircle } from "lucide-react";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ActionResult } from "@/lib/actions/result";
import type { DeviceRequestView } from "@/lib/cli-auth/device";

/** The pending sign-in as the server describes it, its dates as ISO strings for the client. */
type Request = Omit<DeviceRequestView, "createdAt" | "expiresAt"> & { createdAt: string; expiresAt: string };
type Act = (prev: ActionResult<"approved" | "denied"> | null, form: FormData) => Promise<ActionResult<"approved" | "denied">>;

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] gap-2 py-1.5 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

export function DeviceConfirm({
  request,
  email,
  sessionDays,
  approve,
  deny,
}: {
  request: Request;
  email: string;
  sessionDays: number;
  approve: Act;
  deny: Act;
}) {
  const [approved, approveAction, approving] = useActionState(approve, null);
  const [denied, denyAction, denying] = useActionState(deny, null);
  const done = approved?.ok ? approved : denied?.ok ? denied : null;
  const failure = approved && !approved.ok ? approved.error : denied && !denied.ok ? denied.error : null;

  if (done) {
    const ok = done.data === "approved";
    return (
      <Card className="flex flex-col items-center gap-3 p-8 text-center" data-testid="device-result">
        {ok ? (
          <CheckCircle2 className="size-10 text-emerald-600" aria-hidden />
        ) : (
          <XCircle className="size-10 text-slate-400" aria-hidden />
        )}
        <h2 className="text-base font-semibold">{ok ? "CLI signed in" : "Sign-in denied"}</h2>
        <p className="max-w-sm text-sm text-slate-600">{done.message}</p>
      </Card>
    );
  }

  return (
    <Card className="p-5">
      <p className="text-sm text-slate-600">Check that this code matches the one in your terminal:</p>
      <p className="my-3 font-mono text-3xl font-semibold tracking-[0.2em] text-slate-900" data-testid="device-user-code">
        {request.userCode}
      </p>
      <h2 className="mt-4 mb-1 flex items-center gap-2 text-sm font-semibold text-slate-900">
        <Laptop className="size-4 text-slate-500" aria-hidden /> What is asking
      </h2>
      <dl className="divide-y divide-slate-100 border-y border-slate-100">
        <Row label="Program">
          {request.clientName}
          {request.clientVersion ? ` ${request.clientVersion}` : ""}
        </Row>
        <Row label="Computer">{request.hostname ?? "(not given)"}</Row>
        <Row label="System">{request.platform ?? "(not given)"}</Row>
        <Row label="From address">{request.requestIp ?? "(unknown)"}</Row>
        <Row label="Asked">
          <RelativeTime date={request.createdAt} />
        </Row>
      </dl>
      <Alert tone="warning" className="mt-4" title="Approve only if you just ran keyless login yourself">
        The terminal will act as <strong>{email}</strong> for up to {sessionDays} days, until you revoke it. If someone sent you this code
        or link, deny it.
      </Alert>
      {failure ? (
        <Alert tone="error" className="mt-4">
          {failure}
        </Alert>
      ) : null}
      <div className="mt-5 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <form action={denyAction}>
          <input type="hidden" name="code" value={request.userCode} />
          <Button type="submit" variant="secondary" disabled={approving || denying} className="w-full sm:w-auto">
            <ShieldAlert className="size-4" aria-hidden /> Deny
          </Button>
        </form>
        <form action={approveAction}>
          <input type="hidden" name="code" value={request.userCode} />
          <Button type="submit" disabled={approving || denying} className="w-full sm:w-auto">
            <CheckCircle2 className="size-4" aria-hidden /> {approving ? "Approving…" : "Approve"}
          </Button>
        </form>
      </div>
    </Card>
  );
}
