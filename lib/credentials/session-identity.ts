import { createHash } from "node:crypto";

// AWS accepts RoleSessionName and SourceIdentity of 2–64 characters from [\w+=,.@-];
// SourceIdentity may not start with "aws:". Session tag values allow up to 256 characters
// from [\p{L}\p{Z}\p{N}_.:/=+\-@]. Emails are made to fit, keeping them recognisable and,
// when shortened, unique (a hash suffix).

const NAME_CHAR = /[^\w+=,.@-]/g;
const TAG_CHAR = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;

function shorten(value: string, max: number): string {
  if (value.length <= max) return value;
  const suffix = createHash("sha256").update(value).digest("hex").slice(0, 8);
  return `${value.slice(0, max - 9)}-${suffix}`;
}

/** A RoleSessionName / SourceIdentity from an email: AWS's rules, same person → same value. */
export function sessionNameFromEmail(email: string): string {
  let name = email.trim().toLowerCase().replace(NAME_CHAR, "-");
  if (name.startsWith("aws:")) name = `u-${name}`;
  name = shorten(name, 64);
  return name.length >= 2 ? name : name.padEnd(2, "-");
}

export function tagValue(value: string): string {
  return shorten(value.replace(TAG_CHAR, "_"), 256);
}

/** Session tags recording who asked: their email and their groups (":"-separated). */
export function sessionTags(email: string, groups: readonly string[]): { key: string; value: string }[] {
  const tags = [{ key: "email", value: tagValue(email.toLowerCase()) }];
  const joined = groups.map((g) => g.replace(/:/g, "_")).join(":");
  if (joined) tags.push({ key: "groups", value: tagValue(joined) });
  return tags;
}
