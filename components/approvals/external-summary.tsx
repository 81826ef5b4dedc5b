import { CheckCircle2, RotateCcw, XCircle } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/relative-time";
import { describePolicy, iamPolicySchema } from "@/lib/approvals/iam-policy";
import type { Provisioning } from "@/lib/approvals/provisioning";
import type { RequestView } from "@/lib/approvals/requests";
import { isTargetType, TARGETS } from "@/lib/targets";

function targetDescription(type: string | null, settings: unknown): string {
  if (!type || !isTargetType(type)) return type ?? "unknown target";
  const parsed = TARGETS[type].settingsSchema.safeParse(settings);
  return parsed.success ? TARGETS[type].describe(parsed.data as never) : TARGETS[type].label;
}

/** What an external-service request asks for, spelled out for the approver. */
export function ExternalSummary({ request }: { request: RequestView }) {
  const policy = request.inlinePolicy ? iamPolicySchema.safeParse(request.inlinePolicy) : null;
  const lines = policy?.success ? describePolicy(policy.data) : [];
  return (
    <div className="space-y-4 text-sm">
      <div>
        <p className="text-xs font-medium text-slate-500">Key goes to</p>
        <p>{targetDescription(request.targetType, request.targetSettings)}</p>
      </div>
      <div>
        <p className="text-xs font-medium text-slate-500">Permissions</p>
        <ul className="mt-1 space-y-1">
          {request.managedPolicyArns.map((arn) => (
            <li key={arn} className="font-mono text-xs">
              {arn}
            </li>
          ))}
          {lines.map((l, i) => (
            <li key={i} className="flex flex-wrap items-baseline gap-1.5">
              <Badge tone={l.effect === "Allow" ? "green" : "red"}>{l.effect}</Badge>
              <span className="font-mono text-xs">{l.actions}</span>
              <span className="text-slate-500">on</span>
              <span className="font-mono text-xs break-all">{l.resources}</span>
              {l.conditions ? <span className="text-xs text-slate-500">({l.conditions} condition(s))</span> : null}
            </li>
          ))}
        </ul>
      </div>
      <div>
        <p className="text-xs font-medium text-slate-500">On approval Keyless will</p>
        <ol className="mt-1 list-decimal space-y-0.5 pl-5 text-slate-700">
          <li>
            create IAM user <span className="font-mono text-xs">/keyless/…</span> in {request.account?.name} ({request.account?.accountId}),
            owned by {request.ownerEmail}
          </li>
          <li>attach the permissions above</li>
          <li>create its access key and push it to the target (the secret is never stored)</li>
          <li>rotate it every {request.rotationIntervalDays ?? 90} days from then on</li>
        </ol>
      </div>
    </div>
  );
}

const ICON = { done: CheckCircle2, failed: XCircle, undone: RotateCcw } as const;
const LABEL: Record<string, string> = {
  create_user: "IAM user created",
  attach_policies: "Permissions attached",
  create_key: "Access key created",
  push: "Key pushed to the target",
  verify: "Target verified",
  register_integration: "Rotation scheduled",
  retry: "Passing failure, retrying",
  failed: "Failed",
  undo: "Undone",
};

export function ProvisioningSteps({ provisioning }: { provisioning: Provisioning }) {
  return (
    <ol className="space-y-2" aria-label="Provisioning steps">
      {provisioning.steps.map((s, i) => {
        const Icon = ICON[s.status];
        return (
          <li key={i} className="flex gap-2 text-sm">
            <Icon
              className={`mt-0.5 size-4 shrink-0 ${s.status === "done" ? "text-emerald-600" : s.status === "failed" ? "text-red-600" : "text-slate-500"}`}
              aria-hidden
            />
            <div className="min-w-0">
              <p className="font-medium">{LABEL[s.step] ?? s.step}</p>
              <p className="text-xs break-words text-slate-500">
                {formatDateTime(new Date(s.at))}
                {s.detail ? ` · ${s.detail}` : ""}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
