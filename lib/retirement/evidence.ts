// The sentence that says why a key is ready to retire, from the facts the query found.
// Pure (no "server-only"): the page, the summary email and the unit test share it.

export type ReadyEvidence = {
  owner: string;
  ownerName: string | null;
  accountName: string;
  roleArn: string;
  /** credentials.issue or console.open */
  kind: string;
  /** session (the web) or token (the CLI) */
  via: string | null;
  issuedAt: Date;
  keyLastUsedAt: Date | null;
  keyCreatedAt: Date;
};

const day = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export function roleName(roleArn: string): string {
  return roleArn.split("/").pop() ?? roleArn;
}

export function evidenceText(e: ReadyEvidence): string {
  const who = e.ownerName ? `${e.ownerName} (${e.owner})` : e.owner;
  const how = e.via === "token" ? "via the CLI" : "on the web";
  const what = e.kind === "console.open" ? "opened the console as" : "got credentials for";
  const used = e.keyLastUsedAt ? `key last used ${day(e.keyLastUsedAt)}` : `key never used since it was created on ${day(e.keyCreatedAt)}`;
  return `${who} ${what} ${e.accountName}/${roleName(e.roleArn)} ${how} on ${day(e.issuedAt)}; ${used}`;
}
