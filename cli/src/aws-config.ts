// Rewrites only Keyless's own part of ~/.aws/config: one block between marker comments.
// Everything outside the block is kept byte for byte; a profile with the same name defined
// by hand outside the block wins (it is left alone and reported).

export const BEGIN_MARKER = "# >>> keyless: profiles managed by `keyless configure` (edits inside are replaced) >>>";
export const END_MARKER = "# <<< keyless <<<";

export type Profile = { name: string; credentialProcess: string; region?: string; comment?: string };

function eolOf(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

/** Where the managed block is: [start, end) including its final line break. */
function findBlock(text: string): { start: number; end: number } | null {
  const begin = /^# >>> keyless\b[^\r\n]*(\r?\n|$)/m.exec(text);
  if (!begin) return null;
  const rest = text.slice(begin.index);
  const end = /^# <<< keyless <<<[^\r\n]*(\r?\n|$)/m.exec(rest);
  if (!end) return { start: begin.index, end: text.length };
  return { start: begin.index, end: begin.index + end.index + end[0].length };
}

/** Profile names defined outside Keyless's block (`[profile x]`, or `[default]`). */
export function profilesOutsideBlock(text: string): Set<string> {
  const block = findBlock(text);
  const outside = block ? text.slice(0, block.start) + text.slice(block.end) : text;
  const names = new Set<string>();
  for (const m of outside.matchAll(/^\s*\[\s*(?:profile\s+)?([^\]\s]+)\s*\]/gm)) if (m[1]) names.add(m[1]);
  return names;
}

export function renderBlock(profiles: readonly Profile[], eol = "\n"): string {
  const lines = [BEGIN_MARKER];
  for (const p of profiles) {
    if (p.comment) lines.push(`# ${p.comment}`);
    lines.push(`[profile ${p.name}]`, `credential_process = ${p.credentialProcess}`);
    if (p.region) lines.push(`region = ${p.region}`);
    lines.push("");
  }
  lines.push(END_MARKER);
  return lines.join(eol) + eol;
}

/**
 * The config text with Keyless's block replaced by `profiles` (in place when it exists,
 * appended otherwise), or removed when `profiles` is null.
 */
export function applyProfiles(text: string, profiles: readonly Profile[] | null): string {
  const eol = eolOf(text);
  const block = findBlock(text);
  if (block) {
    if (profiles) return text.slice(0, block.start) + renderBlock(profiles, eol) + text.slice(block.end);
    // Removing: also drop the blank line that was added before an appended block.
    let start = block.start;
    if (block.end === text.length && text.slice(0, start).endsWith(eol + eol)) start -= eol.length;
    return text.slice(0, start) + text.slice(block.end);
  }
  if (!profiles) return text;
  if (text === "") return renderBlock(profiles, eol);
  const separator = text.endsWith(eol) ? eol : eol + eol;
  return text + separator + renderBlock(profiles, eol);
}
