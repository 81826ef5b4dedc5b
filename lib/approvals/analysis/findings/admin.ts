import { count, fromSources, list, resourcesOf, type Facts, type Reason } from "@/lib/approvals/analysis/facts";
import type { Grant } from "@/lib/approvals/analysis/grants";

// Administrator access, however it is spelled: "*", a NotAction that leaves nearly
// everything, or all of IAM. The test is on what is granted, not on how: a policy is
// admin-equivalent when it may change every user, role, group and policy (every IAM write
// that acts on a resource, on every resource), because with that it can grant itself anything.
// Near-admin: nearly every action of every service on every resource, IAM excepted.

const NEARLY_ALL = 0.9;

export function adminFindings(facts: Facts): Reason[] {
  const { catalog, grants } = facts;
  const wide: Grant[] = [...grants.values()].filter((g) => facts.isWide(g));
  const resourceLevel = catalog.actions.filter((a) => a.resourceArns.length > 0);
  const wideResourceLevel = wide.filter((g) => g.action.resourceArns.length > 0);
  const breadth = wide.length / catalog.actions.length;
  const resourceBreadth = wideResourceLevel.length / resourceLevel.length;

  const iamWrites = (catalog.byService.get("iam") ?? []).filter(
    (a) => a.resourceArns.length > 0 && (a.accessLevel === "Write" || a.accessLevel === "Permissions management"),
  );
  const iamGrants = iamWrites.map((a) => grants.get(a.key));
  const allIam = iamGrants.every((g) => g !== undefined && facts.isWide(g));
  const where = resourcesOf(wide.filter((g) => g.action.service === "iam"));

  if (allIam) {
    const src = fromSources(iamGrants.filter((g): g is Grant => g !== undefined));
    if (breadth >= 0.99) {
      return [
        {
          code: "admin-equivalent",
          level: "critical",
          detail: `Full administrator access: allows every action of every AWS service on every resource${src}.`,
        },
      ];
    }
    if (resourceBreadth >= NEARLY_ALL) {
      const missing = resourceLevel.filter((a) => !wideResourceLevel.some((g) => g.action === a)).map((a) => a.key);
      const except =
        missing.length <= 5 ? `everything except ${list(missing, 5)}` : `${count(wide.length)} of ${count(catalog.actions.length)} actions`;
      return [
        {
          code: "admin-equivalent",
          level: "critical",
          detail: `Administrator access under another name: allows ${except}, IAM included, on ${where}${src}. Whoever holds it can give themselves anything.`,
        },
      ];
    }
    return [
      {
        code: "admin-equivalent",
        level: "critical",
        detail: `Full control of IAM on ${where}${src}: whoever holds it can create keys for any user and give themselves any permission, so it is administrator access.`,
      },
    ];
  }

  if (breadth >= NEARLY_ALL || resourceBreadth >= NEARLY_ALL) {
    const byService = new Map<string, number>();
    for (const g of wide) byService.set(g.action.service, (byService.get(g.action.service) ?? 0) + 1);
    const left = [...catalog.byService.entries()]
      .filter(([service, actions]) => (byService.get(service) ?? 0) < actions.length / 2)
      .map(([service]) => service);
    return [
      {
        code: "near-admin",
        level: "critical",
        detail: `Nearly administrator: allows ${count(wide.length)} of ${count(catalog.actions.length)} AWS actions (every service except ${list(left, 4)}) on every resource${fromSources(wide)}.`,
      },
    ];
  }
  return [];
}
