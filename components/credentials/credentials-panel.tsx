"use client";

import { Clock, Eye, EyeOff, RefreshCw, X } from "lucide-react";
import { useCallback, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { Countdown } from "@/components/credentials/countdown";
import { renderCredentials, type CredentialFormat } from "@/cli/src/formats";
import type { IssuedCredentials } from "@/lib/credentials/issue";

/** What POST /api/v1/credentials answers, once. */
export type Issued = IssuedCredentials;

const FORMATS: { id: CredentialFormat; label: string; hint: string }[] = [
  { id: "bash", label: "bash / zsh", hint: "Paste into your terminal." },
  { id: "fish", label: "fish", hint: "Paste into your fish shell." },
  { id: "powershell", label: "PowerShell", hint: "Paste into PowerShell." },
  { id: "profile", label: "~/.aws/credentials", hint: "Add this block to ~/.aws/credentials, then use --profile." },
  { id: "process", label: "credential_process", hint: "JSON in the format the AWS CLI and SDKs expect from a credential_process." },
];

function SecretValue({ label, value, secret }: { label: string; value: string; secret?: boolean }) {
  const [shown, setShown] = useState(!secret);
  return (
    <div className="flex items-center gap-2 py-2">
      <dt className="w-36 shrink-0 text-xs font-medium text-slate-500">{label}</dt>
      <dd className="min-w-0 flex-1 truncate font-mono text-xs text-slate-800" title={shown ? value : undefined}>
        {shown ? value : "•".repeat(24)}
      </dd>
      {secret ? (
        <button
          type="button"
          onClick={() => setShown((s) => !s)}
          className="rounded p-1 text-slate-500 hover:bg-slate-100"
          aria-label={shown ? `Hide ${label}` : `Show ${label}`}
        >
          {shown ? <EyeOff className="size-3.5" aria-hidden /> : <Eye className="size-3.5" aria-hidden />}
        </button>
      ) : null}
      <CopyButton value={value} label="Copy" className="" />
    </div>
  );
}

export function CredentialsPanel({
  issued,
  title,
  profile,
  region,
  onRenew,
  onClose,
  renewing,
}: {
  issued: Issued;
  title: string;
  profile: string;
  region: string;
  onRenew: () => void;
  onClose: () => void;
  renewing: boolean;
}) {
  const [format, setFormat] = useState<CredentialFormat>("bash");
  const [expired, setExpired] = useState(false);
  const onExpire = useCallback(() => setExpired(true), []);
  const text = renderCredentials(format, issued, { label: title, profile, region });
  const current = FORMATS.find((f) => f.id === format);

  return (
    <section
      aria-label={`Credentials for ${title}`}
      className="border-brand-100 ring-brand-100 rounded-lg border bg-white shadow-sm ring-1"
    >
      <header className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-4 py-3">
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-sm font-semibold">Credentials for {title}</h2>
          <p className="truncate font-mono text-xs text-slate-500">{issued.roleArn}</p>
        </div>
        <div className="flex items-center gap-1.5 text-sm text-slate-600">
          <Clock className="size-4" aria-hidden />
          Expires in <Countdown expiration={issued.expiration} onExpire={onExpire} />
        </div>
        <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close credentials">
          <X className="size-4" aria-hidden />
        </Button>
      </header>

      <div className="space-y-4 p-4">
        {expired ? (
          <Alert tone="warning" title="These credentials have expired">
            <Button size="sm" className="mt-2" onClick={onRenew} disabled={renewing}>
              <RefreshCw className="size-3.5" aria-hidden /> Get new credentials
            </Button>
          </Alert>
        ) : null}
        {issued.cappedReason ? (
          <Alert tone="info" title={`Session limited to ${Math.round(issued.durationSeconds / 60)} minutes`}>
            {issued.cappedReason}
          </Alert>
        ) : null}

        <div>
          <div role="tablist" aria-label="Format" className="flex flex-wrap gap-1 border-b border-slate-200">
            {FORMATS.map((f) => (
              <button
                key={f.id}
                role="tab"
                type="button"
                aria-selected={format === f.id}
                onClick={() => setFormat(f.id)}
                className={cn(
                  "-mb-px border-b-2 px-3 py-2 text-xs font-medium",
                  format === f.id ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
                )}
              >
                {f.label}
              </button>
            ))}
          </div>
          <div role="tabpanel" className="mt-3">
            <div className="mb-2 flex items-center justify-between gap-2">
              <p className="text-xs text-slate-500">{current?.hint}</p>
              <CopyButton value={text} label={`Copy ${current?.label ?? ""}`} />
            </div>
            <pre
              className={cn(
                "overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100",
                expired && "opacity-50",
              )}
            >
              <code data-testid="credentials-snippet">{text}</code>
            </pre>
          </div>
        </div>

        <details className="group rounded-md border border-slate-200 px-3">
          <summary className="cursor-pointer py-2 text-xs font-medium text-slate-700">Single values</summary>
          <dl className="divide-y divide-slate-100 border-t border-slate-100">
            <SecretValue label="Access key id" value={issued.accessKeyId} />
            <SecretValue label="Secret access key" value={issued.secretAccessKey} secret />
            <SecretValue label="Session token" value={issued.sessionToken} secret />
            <SecretValue label="Expiration" value={issued.expiration} />
          </dl>
        </details>
      </div>
    </section>
  );
}
