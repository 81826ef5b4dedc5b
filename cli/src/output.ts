// stdout carries what a command produces (credential JSON, exports, tables) and nothing
// else, so it can be piped and eval'd; messages for the person go to stderr.
export const print = (text: string) => void process.stdout.write(`${text}\n`);
export const say = (text: string) => void process.stderr.write(`${text}\n`);

/** Left-aligned columns. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
