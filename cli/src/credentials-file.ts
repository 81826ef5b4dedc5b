// Edits one profile of the shared credentials file (~/.aws/credentials) for `keyless export`.
// The file is parsed by section; only the named section's own lines change (its header, the
// keyless marker comment and the key lines), everything else is kept byte for byte, line
// endings included. Keyless's lines carry a marker comment, so a profile someone wrote by
// hand is never replaced unless they say so (--force).

export const MARKER = "# keyless:";
const OWNED_KEY = /^\s*(aws_access_key_id|aws_secret_access_key|aws_session_token|aws_security_token)\s*=/i;
const isMarker = (line: string) => line.trimStart().startsWith(MARKER);
const isHeader = (line: string) => /^\s*\[[^\]]*\]/.test(line);
const headerName = (line: string) => /^\s*\[\s*([^\]]*?)\s*\]/.exec(line)?.[1];
const isSetting = (line: string) => /^\s*[^#;\s[][^=]*=/.test(line);

export type ExportedCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: string };

/** Profile names the AWS tools accept in this file and that cannot break out of a header. */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,63}$/;

type Section = { start: number; end: number; lines: string[] };

/** Lines with their line breaks, so that joining them gives the text back exactly. */
const splitLines = (text: string) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

function findSection(lines: string[], name: string): Section | null {
  const starts = lines.flatMap((line, i) => (isHeader(line) && headerName(line) === name ? [i] : []));
  if (starts.length > 1) throw new Error(`[${name}] appears ${starts.length} times in the credentials file: remove the extra ones first.`);
  const start = starts[0];
  if (start === undefined) return null;
  let end = start + 1;
  while (end < lines.length && !isHeader(lines[end] ?? "")) end++;
  return { start, end, lines: lines.slice(start, end) };
}

/** Whether [name] exists, whether Keyless wrote it, and whether it holds keys. */
export function describeProfile(text: string, name: string): { exists: boolean; ours: boolean; hasKeys: boolean } {
  const section = findSection(splitLines(text), name);
  if (!section) return { exists: false, ours: false, hasKeys: false };
  return { exists: true, ours: section.lines.some(isMarker), hasKeys: section.lines.some((l) => OWNED_KEY.test(l)) };
}

function renderLines(name: string, c: ExportedCredentials, note: string, eol: string): string[] {
  return [
    `[${name}]`,
    `${MARKER} ${note.replace(/[\r\n]+/g, " ")}; expires ${c.expiration}`,
    `aws_access_key_id = ${c.accessKeyId}`,
    `aws_secret_access_key = ${c.secretAccessKey}`,
    `aws_session_token = ${c.sessionToken}`,
  ].map((l) => l + eol);
}

/**
 * The file's text with [name] holding `c` (written when absent, appended at the end), or
 * without Keyless's part of it when `c` is null. Lines of the section that are not Keyless's
 * (a region someone added, comments, blank lines) stay where they are.
 */
export function applyExport(text: string, name: string, c: ExportedCredentials | null, note = "written by `keyless export`"): string {
  if (!PROFILE_NAME.test(name)) throw new Error(`“${name}” is not a profile name Keyless writes (letters, digits, . _ @ + -).`);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = splitLines(text);
  const section = findSection(lines, name);
  const before = section ? lines.slice(0, section.start) : lines;
  const after = section ? lines.slice(section.end) : [];
  // The section's lines that are not Keyless's: kept as they are.
  const kept = section ? section.lines.slice(1).filter((l) => !isMarker(l) && !OWNED_KEY.test(l)) : [];
  if (c) {
    let head = before.join("");
    if (!section && head !== "") head += head.endsWith(eol + eol) ? "" : head.endsWith("\n") ? eol : eol + eol;
    return head + renderLines(name, c, note, eol).join("") + kept.join("") + after.join("");
  }
  if (!section) return text;
  // Without its keys the header stays only when the section still holds settings of someone else's.
  if (kept.some(isSetting)) return before.join("") + (lines[section.start] ?? "") + kept.join("") + after.join("");
  let head = before.join("");
  let rest = kept.join("") + after.join("");
  // Undo the blank lines that separated the section: one stays between its neighbours.
  if (head === "" || head.endsWith(eol + eol)) rest = rest.replace(/^(\r?\n)+/, "");
  if (rest === "" && head.endsWith(eol + eol)) head = head.slice(0, -eol.length);
  return head + rest;
}
