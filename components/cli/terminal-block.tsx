import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/components/ui/cn";

/** Commands to paste into a terminal, with a copy button. */
export function TerminalBlock({ code, className }: { code: string; className?: string }) {
  return (
    <div className={cn("overflow-hidden rounded-md bg-slate-900", className)}>
      <div className="flex items-center justify-between border-b border-slate-700 px-3 py-1.5">
        <span className="text-[11px] font-medium tracking-wide text-slate-400 uppercase">Terminal</span>
        <CopyButton value={code} className="text-slate-200 ring-slate-600 hover:bg-slate-800" />
      </div>
      <pre className="overflow-x-auto p-3 font-mono text-xs leading-relaxed text-slate-100">{code}</pre>
    </div>
  );
}
