import { changesThings } from "@/lib/approvals/analysis/access-levels";
import { count, fromSources, list, resourcesOf, type Facts, type Reason } from "@/lib/approvals/analysis/facts";
import { ESCALATION_PATHS } from "@/lib/approvals/analysis/findings/escalation-paths";
import type { Grant } from "@/lib/approvals/analysis/grants";
import { RISK_LEVELS } from "@/lib/approvals/risk-types";

// What is left when nothing dangerous was found: changing who may access something
// (Permissions management) outside the escalation paths; plain scoped write access
// (medium); read-only (low); nothing at all (low).

// Those are judged by the escalation paths (lib/approvals/analysis/findings/escalation-paths.ts).
const ON_A_PATH = new Set(ESCALATION_PATHS.flatMap((p) => [...p.all, ...(p.any ?? [])]));

const rank = (level: Reason["level"]) => RISK_LEVELS.indexOf(level);

export function baselineFindings(facts: Facts, found: readonly Reason[]): Reason[] {
  const grants = [...facts.grants.values()];
  const out: Reason[] = [];
  const permissions = grants.filter((g) => g.level === "Permissions management" && !ON_A_PATH.has(g.action.key));
  if (permissions.length && !found.some((r) => r.code === "admin-equivalent")) {
    const wide = permissions.filter((g) => facts.isWide(g));
    const services = list([...new Set(permissions.map((g) => g.action.service))], 4);
    out.push({
      code: "permissions-management",
      level: wide.length ? "high" : "medium",
      detail: wide.length
        ? `Can change who may access every ${services} resource in the account: ${list(wide.map((g) => g.action.key))}${fromSources(wide)}.`
        : `Can change who may access ${resourcesOf(permissions)}: ${list(permissions.map((g) => g.action.key))}${fromSources(permissions)}.`,
    });
  }
  const all = [...found, ...out];
  if (all.some((r) => rank(r.level) >= rank("medium"))) return out;

  const writes: Grant[] = grants.filter((g) => changesThings(g.level));
  if (writes.length) {
    out.push({
      code: "write-access",
      level: "medium",
      detail: `Can change things: ${count(writes.length)} write action${writes.length === 1 ? "" : "s"} (${list(writes.map((g) => g.action.key))}) on ${resourcesOf(writes)}${fromSources(writes)}.`,
    });
  } else if (grants.length) {
    out.push({
      code: "read-only",
      level: "low",
      detail: `Read-only: ${count(grants.length)} action${grants.length === 1 ? "" : "s"} that list and read, none that change anything${fromSources(grants)}.`,
    });
  } else {
    out.push({ code: "no-permissions", level: "low", detail: "Grants no AWS permissions at all." });
  }
  return out;
}
