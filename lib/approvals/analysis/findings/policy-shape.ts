import type { Reason } from "@/lib/approvals/analysis/facts";
import { list, sourceLabel } from "@/lib/approvals/analysis/facts";
import type { GrantResult } from "@/lib/approvals/analysis/grants";

// How a policy is written, when that hides what it does: conditions that restrict nothing,
// NotResource (everything except…), and actions the dataset does not know.

const where = (r: { source: string; index: number }) => `statement ${r.index} of ${sourceLabel(r.source)}`;

export function policyShapeFindings(result: GrantResult): Reason[] {
  const out: Reason[] = [];
  for (const c of result.ineffectiveConditions) {
    out.push({
      code: "condition-ineffective",
      level: "medium",
      detail: `The condition ${c.operator} ${c.key} ${JSON.stringify(c.values)} in ${where(c)} restricts nothing (${c.why}): the statement is treated as unconditional.`,
    });
  }
  for (const n of result.notResource) {
    out.push({
      code: "not-resource",
      level: "medium",
      detail: `${where(n)} allows on every resource except ${n.patterns.join(", ")}: counted as every resource.`,
    });
  }
  // AWS's own managed policies still name actions of services AWS has retired; a policy
  // someone wrote may name a typo or an action newer than the dataset: that one matters.
  const awsOwned = (source: string) => /^arn:aws[\w-]*:iam::aws:policy\//.test(source);
  for (const owned of [false, true]) {
    const unknown = [...new Set(result.unknownActions.filter((u) => awsOwned(u.source) === owned).map((u) => u.pattern))];
    if (unknown.length === 0) continue;
    const one = unknown.length === 1;
    out.push({
      code: "unknown-action",
      level: owned ? "low" : "medium",
      detail: owned
        ? `AWS's managed policies name ${list(unknown, 3)}, ${one ? "an action" : "actions"} the IAM dataset no longer lists (retired services): ${one ? "it grants" : "they grant"} nothing.`
        : `${list(unknown, 5)} ${one ? "is not an action" : "are not actions"} in the IAM dataset: a typo, or newer than Keyless knows, so what ${one ? "it allows" : "they allow"} cannot be checked.`,
    });
  }
  return out;
}
