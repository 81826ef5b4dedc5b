import { RetireButton, UndoButton } from "@/components/retirement/retire-button";
import { Badge, type Tone } from "@/components/ui/badge";
import { SimpleTable, type Column } from "@/components/ui/table";
import type { ActionResult } from "@/lib/actions/result";
import type { ReadyKey } from "@/lib/retirement/ready";
import type { Retirement } from "@/lib/retirement/retire";

type Act = (prev: ActionResult<unknown> | null, form: FormData) => Promise<ActionResult<unknown>>;

const date = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** Which key, and whose IAM user in which account: the first columns of both tables. */
function keyColumns<T extends { accessKeyId: string; userName: string; accountName: string }>(): Column<T>[] {
  return [
    { header: "Key", cell: (r) => <span className="font-mono text-xs">{r.accessKeyId}</span> },
    { header: "IAM user", cell: (r) => `${r.userName} · ${r.accountName}` },
  ];
}

function Section({ title, hint, children }: { title: string; hint: string; children: React.ReactNode }) {
  return (
    <section className="space-y-2">
      <div>
        <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
        <p className="text-xs text-slate-500">{hint}</p>
      </div>
      {children}
    </section>
  );
}

export function ReadyToRetire({ rows, retire, defaultDays }: { rows: ReadyKey[]; retire: Act | null; defaultDays: number }) {
  return (
    <Section
      title={`Ready to retire (${rows.length})`}
      hint="People's own keys, unused since their owner got credentials through Keyless for the same account."
    >
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-500">
          No key is ready to retire right now.
        </p>
      ) : (
        <SimpleTable
          testId="ready-to-retire"
          rowTestId={(r) => `ready-${r.accessKeyId}`}
          rowKey={(r) => r.accessKeyId}
          rows={rows}
          columns={[
            ...keyColumns<ReadyKey>(),
            { header: "Evidence", cell: (r) => <span className="text-slate-700">{r.evidence}</span> },
            ...(retire
              ? [
                  {
                    header: "Retire",
                    hiddenHeader: true,
                    cell: (r: ReadyKey) => (
                      <RetireButton action={retire} accessKeyId={r.accessKeyId} evidence={r.evidence} defaultDays={defaultDays} />
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </Section>
  );
}

const STATUS: Record<string, { label: string; tone: Tone }> = {
  scheduled: { label: "Deactivated", tone: "amber" },
  deleted: { label: "Deleted", tone: "green" },
  undone: { label: "Restored", tone: "slate" },
  kept: { label: "Kept", tone: "red" },
};

export function RetirementsTable({ rows, undo }: { rows: Retirement[]; undo: Act | null }) {
  if (rows.length === 0) return null;
  return (
    <Section title="Retirements" hint="Pending deletions with their date, and what finished in the last 30 days.">
      <SimpleTable
        testId="retirements"
        rowTestId={(r) => `retirement-${r.accessKeyId}`}
        rowKey={(r) => r.id}
        rows={rows}
        columns={[
          ...keyColumns<Retirement>(),
          {
            header: "Status",
            cell: (r) => <Badge tone={STATUS[r.status]?.tone ?? "neutral"}>{STATUS[r.status]?.label ?? r.status}</Badge>,
          },
          {
            header: "When",
            cell: (r) =>
              r.status === "scheduled"
                ? `deleted on ${date(r.deleteAfter)}`
                : `${r.outcome ?? r.status}${r.finishedAt ? `, ${date(r.finishedAt)}` : ""}`,
          },
          { header: "By", cell: (r) => r.requestedBy },
          ...(undo
            ? [
                {
                  header: "Undo",
                  hiddenHeader: true,
                  cell: (r: Retirement) => (r.status === "scheduled" ? <UndoButton action={undo} retirementId={r.id} /> : null),
                },
              ]
            : []),
        ]}
      />
    </Section>
  );
}
