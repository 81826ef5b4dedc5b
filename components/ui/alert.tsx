import { AlertTriangle, CheckCircle2, Info, XCircle } from "lucide-react";
import { cn } from "@/components/ui/cn";

type Tone = "info" | "success" | "warning" | "error";
const styles: Record<Tone, { box: string; Icon: typeof Info }> = {
  info: { box: "bg-brand-50 text-brand-700 ring-brand-100", Icon: Info },
  success: { box: "bg-emerald-50 text-emerald-800 ring-emerald-200", Icon: CheckCircle2 },
  warning: { box: "bg-amber-50 text-amber-900 ring-amber-200", Icon: AlertTriangle },
  error: { box: "bg-red-50 text-red-800 ring-red-200", Icon: XCircle },
};

export function Alert({
  tone = "info",
  title,
  children,
  className,
}: {
  tone?: Tone;
  title?: string;
  children?: React.ReactNode;
  className?: string;
}) {
  const { box, Icon } = styles[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cn("flex gap-3 rounded-md p-3 text-sm ring-1 ring-inset", box, className)}>
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className="min-w-0">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div className={cn(title && "mt-0.5", "break-words")}>{children}</div> : null}
      </div>
    </div>
  );
}
