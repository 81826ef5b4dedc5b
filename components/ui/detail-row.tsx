import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** One label and value of a detail page's description list (`<dl>`); `wide`: a wider label column. */
export function DetailRow({ label, wide, children }: { label: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={cn("grid gap-1 py-2.5", wide ? "sm:grid-cols-[11rem_1fr]" : "sm:grid-cols-[10rem_1fr]")}>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}
