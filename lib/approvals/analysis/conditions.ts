import type { CatalogAction } from "@/lib/approvals/analysis/catalog";

// Conditions that look like a restriction and restrict nothing: "*" patterns on keys every
// request carries, IfExists (or a negated operator, or ForAllValues) on a key these actions
// never carry, empty value lists, 0.0.0.0/0, dates long past. Each condition gets a verdict:
//   always     — true for every request this statement can match: the statement is unconditional
//   empty      — no values, so nobody can say what it does: called out, treated as unconditional
//   constrains — a real restriction (or one that never matches: then the statement is dead)
// A Deny subtracts only when every condition on it is "always" (lib/approvals/analysis/grants.ts).

export type Principal = "user" | "role";
export type ConditionVerdict = { operator: string; key: string; values: string[]; verdict: "always" | "empty" | "constrains"; why: string };

// Keys AWS puts in the context of every signed request.
const ALWAYS_PRESENT = new Set([
  "aws:currenttime",
  "aws:epochtime",
  "aws:principalarn",
  "aws:principalaccount",
  "aws:principaltype",
  "aws:userid",
  "aws:securetransport",
  "aws:sourceip",
  "aws:requestedregion",
  "aws:principalisawsservice",
  "aws:viaawsservice",
]);
// Keys an IAM user's access key never carries (they belong to MFA and role sessions).
const ABSENT_FOR_USER_KEYS = new Set([
  "aws:multifactorauthpresent",
  "aws:multifactorauthage",
  "aws:tokenissuetime",
  "aws:sourceidentity",
  "aws:federatedprovider",
  "aws:rolesessionname",
]);
const NEGATED = /^(StringNot|ArnNot|NotIpAddress|NumericNotEquals|DateNotEquals)/;
const MATCH_ALL = /^(\*+|arn:\*|arn:aws:\*)$/;

type Presence = { is: "always" | "maybe" } | { is: "never"; why: string };

function presence(key: string, actions: Iterable<CatalogAction>, principal: Principal): Presence {
  const k = key.toLowerCase();
  if (ALWAYS_PRESENT.has(k) || (principal === "user" && k === "aws:username")) return { is: "always" };
  if (principal === "user" && ABSENT_FOR_USER_KEYS.has(k)) return { is: "never", why: `an IAM user's access key never carries ${key}` };
  if (principal === "role" && k === "aws:username") return { is: "never", why: `a role session never carries ${key}` };
  if (k.startsWith("aws:")) return { is: "maybe" };
  for (const a of actions) {
    for (const template of a.conditionKeys) {
      // Templates name a part: "aws:resourcetag/${tagkey}", "s3:existingobjecttag/<key>".
      const part = template.search(/\$\{|</);
      if (part < 0 ? template === k : k.startsWith(template.slice(0, part))) return { is: "maybe" };
    }
  }
  return { is: "never", why: `${key} is never present for these actions` };
}

function matchesEverything(base: string, key: string, values: string[], accountId: string, now: Date): string | null {
  if (/^(StringLike|ArnLike|ArnEquals)$/.test(base) && values.some((v) => MATCH_ALL.test(v)))
    return `"${values.find((v) => MATCH_ALL.test(v))}" matches any value`;
  if (base === "IpAddress" && values.some((v) => v === "0.0.0.0/0" || v === "::/0")) return "every address is in 0.0.0.0/0";
  if (base === "Bool" && values.includes("true") && values.includes("false")) return "both true and false are allowed";
  if (/^DateGreaterThan/.test(base) && /^aws:(currenttime|epochtime)$/i.test(key)) {
    const dates = values.map((v) => (/^\d+$/.test(v) ? new Date(Number(v) * 1000) : new Date(v)));
    if (dates.some((d) => !Number.isNaN(d.getTime()) && d < now)) return "that moment has passed";
  }
  if (base === "StringEquals" && key.toLowerCase() === "aws:principalaccount" && values.includes(accountId))
    return "the principal is always in this account";
  return null;
}

/** The verdict on each condition of one statement, for the actions it applies to. */
export function judgeConditions(
  condition: Record<string, Record<string, string[]>> | undefined,
  actions: Iterable<CatalogAction>,
  context: { principal: Principal; accountId: string; now: Date },
): ConditionVerdict[] {
  const out: ConditionVerdict[] = [];
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    const set = /^(ForAllValues|ForAnyValue):/.exec(operator)?.[1];
    const ifExists = operator.endsWith("IfExists");
    const base = operator.replace(/^(ForAllValues|ForAnyValue):/, "").replace(/IfExists$/, "");
    for (const [key, values] of Object.entries(entries)) {
      const verdict = (v: ConditionVerdict["verdict"], why: string) => out.push({ operator, key, values, verdict: v, why });
      if (values.length === 0) {
        verdict("empty", "lists no values");
        continue;
      }
      const present = presence(key, actions, context.principal);
      if (base === "Null") {
        const wantsAbsent = values.every((v) => v.toLowerCase() === "true");
        if ((wantsAbsent && present.is === "never") || (!wantsAbsent && present.is === "always"))
          verdict("always", wantsAbsent ? "the key is never present here" : "the key is always present");
        else verdict("constrains", "");
        continue;
      }
      if (present.is === "never") {
        if (ifExists) verdict("always", `${present.why}, and IfExists then matches`);
        else if (set === "ForAllValues") verdict("always", `${present.why}, and ForAllValues then matches`);
        else if (NEGATED.test(base)) verdict("always", `${present.why}, and a negated operator then matches`);
        else verdict("constrains", "never matches: the key is never present");
        continue;
      }
      const everything = matchesEverything(base, key, values, context.accountId, context.now);
      if (everything && (present.is === "always" || ifExists || set === "ForAllValues")) verdict("always", everything);
      else verdict("constrains", "");
    }
  }
  return out;
}
