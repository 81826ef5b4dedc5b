import { fromSources, list, resourcesOf, type Facts, type Reason } from "@/lib/approvals/analysis/facts";
import { ESCALATION_PATHS, pathCode } from "@/lib/approvals/analysis/findings/escalation-paths";
import type { Grant } from "@/lib/approvals/analysis/grants";

// One finding per privilege-escalation path the grants open, naming the actions and why
// they make the holder more powerful. iam:PassRole on every role with no service to run it
// is noted on its own: the next policy that adds a compute action completes the path.

const conditionalNote = (grants: Grant[]) => (grants.every((g) => g.conditional) ? ", when the policy's conditions hold" : "");

export function escalationFindings(facts: Facts): Reason[] {
  const out: Reason[] = [];
  let passRoleUsed = false;
  for (const path of ESCALATION_PATHS) {
    const all = path.all.map((k) => facts.granted(k));
    if (all.some((g) => g === undefined)) continue;
    const required = all as Grant[];
    const any = (path.any ?? []).map((k) => facts.granted(k)).filter((g): g is Grant => g !== undefined);
    if (path.any && any.length === 0) continue;
    const subject = required[0] ?? any[0]!;
    const level = facts.isWide(subject) ? path.level : path.scoped;
    if (!level) continue;
    const used = [...required, ...any.slice(0, 1)];
    if (used.some((g) => g.action.key === "iam:PassRole")) passRoleUsed = true;
    out.push({
      code: pathCode(path),
      level,
      detail: `${path.why}: ${list(
        used.map((g) => g.action.key),
        4,
      )} on ${resourcesOf([subject])}${conditionalNote(used)}${fromSources(used)}.`,
    });
  }
  const passRole = facts.granted("iam:PassRole");
  if (passRole && !passRoleUsed && facts.isWide(passRole)) {
    out.push({
      code: "privilege-escalation:iam:PassRole",
      level: "medium",
      detail: `Can hand any role to AWS services (iam:PassRole on every role)${fromSources([passRole])}; with a service that runs code, it could act as any of them.`,
    });
  }
  return out;
}
