import { RiskBadge } from "@/components/approvals/risk-badge";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { LEVEL_LABEL } from "@/lib/approvals/analysis/summary";
import { ACCESS_LEVELS, type Risk } from "@/lib/approvals/risk-types";

// What the request's permissions amount to, for the approver: the level, the reasons in
// plain words (most severe first), and how many actions it allows, by access level and by
// service. The policy text itself stays in the request's details.

const SHOWN_REASONS = 5;
const SHOWN_SERVICES = 8;
const SHORT: Record<(typeof ACCESS_LEVELS)[number], string> = {
  List: "List",
  Read: "Read",
  Write: "Write",
  "Permissions management": "Permissions",
  Tagging: "Tagging",
};
const DOT = { low: "bg-emerald-500", medium: "bg-amber-500", high: "bg-red-500", critical: "bg-red-700" } as const;
const n = (v: number) => v.toLocaleString("en-US");

function Reasons({ reasons }: { reasons: Risk["reasons"] }) {
  const item = (r: Risk["reasons"][number], i: number) => (
    <li key={i} className="flex gap-2 text-sm" data-reason={r.code}>
      <span className={`mt-1.5 size-2 shrink-0 rounded-full ${DOT[r.level]}`} title={LEVEL_LABEL[r.level]} aria-hidden />
      <span className="min-w-0 break-words text-slate-800">
        <span className="sr-only">{LEVEL_LABEL[r.level]}: </span>
        {r.detail}
      </span>
    </li>
  );
  const rest = reasons.slice(SHOWN_REASONS);
  return (
    <div>
      <ul className="space-y-2">{reasons.slice(0, SHOWN_REASONS).map(item)}</ul>
      {rest.length ? (
        <details className="mt-2">
          <summary className="text-brand-700 cursor-pointer text-sm font-medium">
            {rest.length} more reason{rest.length === 1 ? "" : "s"}
          </summary>
          <ul className="mt-2 space-y-2">{rest.map((r, i) => item(r, i + SHOWN_REASONS))}</ul>
        </details>
      ) : null}
    </div>
  );
}

function Counts({ actions }: { actions: Risk["actions"] }) {
  const services = actions.byService.slice(0, SHOWN_SERVICES);
  const others = actions.byService.slice(SHOWN_SERVICES);
  const more = {
    services: others.length + (actions.byServiceOmitted?.services ?? 0),
    total: others.reduce((t, s) => t + s.total, 0) + (actions.byServiceOmitted?.total ?? 0),
  };
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-3 gap-2 sm:grid-cols-6" aria-label="Actions by access level">
        <div className="rounded-md bg-slate-50 px-2 py-1.5">
          <dt className="text-xs text-slate-500">Actions</dt>
          <dd className="text-sm font-semibold text-slate-900">{n(actions.total)}</dd>
        </div>
        {ACCESS_LEVELS.map((l) => (
          <div key={l} className="rounded-md bg-slate-50 px-2 py-1.5">
            <dt className="text-xs text-slate-500" title={l}>
              {SHORT[l]}
            </dt>
            <dd
              className={`text-sm font-semibold ${l === "Write" || l === "Permissions management" ? (actions.byAccessLevel[l] ? "text-red-700" : "text-slate-400") : "text-slate-900"}`}
            >
              {n(actions.byAccessLevel[l])}
            </dd>
          </div>
        ))}
      </dl>
      {services.length ? (
        <table className="w-full text-xs" aria-label="Actions by service">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="py-1 font-medium">Service</th>
              {ACCESS_LEVELS.map((l) => (
                <th key={l} className="py-1 text-right font-medium" title={l}>
                  {SHORT[l]}
                </th>
              ))}
              <th className="py-1 text-right font-medium">Total</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 tabular-nums">
            {services.map((s) => (
              <tr key={s.service}>
                <td className="py-1 font-mono text-slate-800">{s.service}</td>
                {ACCESS_LEVELS.map((l) => (
                  <td key={l} className={`py-1 text-right ${s.byAccessLevel[l] ? "text-slate-800" : "text-slate-300"}`}>
                    {n(s.byAccessLevel[l])}
                  </td>
                ))}
                <td className="py-1 text-right font-medium text-slate-900">{n(s.total)}</td>
              </tr>
            ))}
            {more.services ? (
              <tr>
                <td colSpan={ACCESS_LEVELS.length + 1} className="py-1 text-slate-500">
                  and {n(more.services)} more service{more.services === 1 ? "" : "s"}
                </td>
                <td className="py-1 text-right text-slate-500">{n(more.total)}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

export function RiskPanel({ risk }: { risk: Risk | null }) {
  return (
    <Card className="p-5" data-testid="risk-panel">
      <div className="mb-3 flex items-center justify-between gap-3">
        <h2 className="text-sm font-semibold text-slate-900">What these permissions allow</h2>
        <RiskBadge level={risk?.level} />
      </div>
      {!risk ? (
        <p className="text-sm text-slate-700">Not analysed yet. Treat this request as dangerous until it is.</p>
      ) : (
        <div className="space-y-5">
          <Reasons reasons={risk.reasons} />
          <Counts actions={risk.actions} />
          <p className="text-xs text-slate-500">
            Analysed <RelativeTime date={risk.analysedAt} /> from{" "}
            {risk.sources.length
              ? risk.sources.map((s, i) => (
                  <span key={s.source}>
                    {i ? ", " : ""}
                    <span className={s.analysed ? "font-mono" : "font-mono text-red-700"}>{s.source}</span>
                    {s.analysed ? "" : ` (could not be read: ${s.error ?? "unknown error"})`}
                  </span>
                ))
              : "no policies"}
            .
          </p>
        </div>
      )}
    </Card>
  );
}
