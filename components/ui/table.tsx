import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

// The small static tables (audit log, rotations, sessions, role mappings…): one markup and
// one look, each table declared as a list of columns. Tables that sort, page or change
// layout on small screens use TanStack Table instead (components/keys/keys-table.tsx).

export type Column<T> = {
  header: string;
  cell: (row: T) => ReactNode;
  /** Classes of this column's cells, added to the table's padding; a function when they depend on the row. */
  className?: string | ((row: T) => string);
  /** The cell's tooltip. */
  title?: string | ((row: T) => string | undefined);
  /** A header only screen readers read (a column of buttons). */
  hiddenHeader?: boolean;
};

// "card": a bordered card of its own. "inset": inside a card that already has the border.
const LOOK = {
  card: {
    frame: "overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm",
    head: "border-b border-slate-200 bg-slate-50 text-xs text-slate-500",
    th: "px-3 py-2 font-medium",
    td: "px-3 py-2",
  },
  inset: { frame: "overflow-x-auto", head: "text-xs text-slate-500", th: "px-4 py-2 font-medium", td: "px-4 py-3" },
} as const;

const resolve = <T,>(value: string | ((row: T) => string | undefined) | undefined, row: T) =>
  typeof value === "function" ? value(row) : value;

export function SimpleTable<T>({
  columns,
  rows,
  rowKey,
  rowClassName,
  rowTestId,
  testId,
  footer,
  look = "card",
}: {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T, index: number) => string;
  rowClassName?: string;
  rowTestId?: (row: T) => string;
  testId?: string;
  /** Shown under the table, inside its frame. */
  footer?: ReactNode;
  look?: keyof typeof LOOK;
}) {
  const css = LOOK[look];
  return (
    <div className={css.frame}>
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className={css.head}>
          <tr>
            {columns.map((c) => (
              <th key={c.header} className={cn(c.hiddenHeader && "sr-only", css.th)}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row, i) => (
            <tr key={rowKey(row, i)} className={rowClassName} data-testid={rowTestId?.(row)}>
              {columns.map((c) => (
                <td key={c.header} className={cn(css.td, resolve(c.className, row))} title={resolve(c.title, row)}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {footer}
    </div>
  );
}
