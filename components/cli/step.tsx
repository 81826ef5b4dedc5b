import { TerminalBlock } from "@/components/cli/terminal-block";

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
        <TerminalBlock code={code} className="mt-3" />
        {note ? <p className="mt-2 text-xs text-slate-500">{note}</p> : null}
      </div>
    </li>
  );
}
