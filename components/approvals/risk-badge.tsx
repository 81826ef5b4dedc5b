import { ShieldAlert, ShieldCheck, ShieldQuestion } from "lucide-react";
import { Badge, type Tone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { LEVEL_LABEL } from "@/lib/approvals/analysis/summary";
import type { Risk, RiskLevel } from "@/lib/approvals/risk-types";

const TONE: Record<RiskLevel, Tone> = { low: "green", medium: "amber", high: "red", critical: "red" };

/** The request's risk level; a request not analysed yet is shown as such (and treated as dangerous). */
export function RiskBadge({ level, className }: { level: RiskLevel | null | undefined; className?: string }) {
  if (!level) {
    return (
      <Badge tone="slate" className={className} data-risk-level="none">
        <ShieldQuestion className="size-3" aria-hidden /> Not analysed
      </Badge>
    );
  }
  const Icon = level === "low" ? ShieldCheck : ShieldAlert;
  return (
    <Badge
      tone={TONE[level]}
      data-risk-level={level}
      className={cn(level === "critical" && "bg-red-600 text-white ring-red-700", className)}
      title={`Risk: ${LEVEL_LABEL[level]}`}
    >
      <Icon className="size-3" aria-hidden /> {LEVEL_LABEL[level]}
    </Badge>
  );
}

/** Badge and the first reason, on one line: what an approval queue shows. */
export function RiskLine({ risk }: { risk: Risk | null }) {
  const top = risk?.reasons[0];
  return (
    <p className="flex min-w-0 items-baseline gap-2 text-sm">
      <RiskBadge level={risk?.level} className="shrink-0" />
      <span className="min-w-0 text-slate-700">{top ? top.detail : "Not analysed yet: treat it as dangerous until it is."}</span>
    </p>
  );
}
