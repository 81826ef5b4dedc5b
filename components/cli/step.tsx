import { CopyButton } from "@/components/ui/copy-button";

export function Step({
  n,
  title,
  body,
  code,
  note,
}: {
  n: number;
  title: string;
  body: React.ReactNode;
  code: string;
  note?: React.ReactNode;
}) {
  return (
    <li className="flex gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:gap-4">
      <span
        className="bg-brand-600 flex size-7 shrink-0 items-center justify-center rounded-full text-sm font-semibold text-white"
        aria-hidden
      >
        {n}
      </span>
      <div className="min-w-0 flex-1">
        <h3 className="font-medium text-slate-900">{title}</h3>
        <p className="mt-1 text-sm text-slate-600">{body}</p>
        <div className="mt-3 overflow-hidden rounded-md bg-slate-900">
          <div className="flex items-center justify-between border-b border-slate-700 px-3 py-1.5">
            <span className="text-[11px] font-medium tracking-wide text-slate-400 uppercase">Terminal</span>
            <CopyButton value={code} className="text-slate-200 ring-slate-600 hover:bg-slate-800" />
          </div>
          <pre className="overflow-x-auto p-3 font-mono text-xs leading-relaxed text-slate-100">{code}</pre>
        </div>
        {note ? <p className="mt-2 text-xs text-slate-500">{note}</p> : null}
      </div>
    </li>
  );
}
