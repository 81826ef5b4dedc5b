import type { Grant } from "@/lib/approvals/analysis/grants";
import { ACCESS_LEVELS, type AccessLevel, type Risk } from "@/lib/approvals/risk-types";

// How much a request allows: distinct actions, by access level and by service (largest
// first). Services beyond the first MAX_SERVICES are summed into byServiceOmitted so a
// policy of `*` (400+ services) stays a small document in every list that carries it.

export const MAX_SERVICES = 30;

const zeroLevels = () => Object.fromEntries(ACCESS_LEVELS.map((l) => [l, 0])) as Record<AccessLevel, number>;

export function countActions(grants: Map<string, Grant>): Risk["actions"] {
  const byAccessLevel = zeroLevels();
  const services = new Map<string, { service: string; total: number; byAccessLevel: Record<AccessLevel, number> }>();
  for (const { action, level } of grants.values()) {
    byAccessLevel[level]++;
    let entry = services.get(action.service);
    if (!entry) services.set(action.service, (entry = { service: action.service, total: 0, byAccessLevel: zeroLevels() }));
    entry.total++;
    entry.byAccessLevel[level]++;
  }
  const ranked = [...services.values()].sort((a, b) => b.total - a.total || a.service.localeCompare(b.service));
  const omitted = ranked.slice(MAX_SERVICES);
  return {
    total: grants.size,
    byAccessLevel,
    byService: ranked.slice(0, MAX_SERVICES),
    ...(omitted.length > 0 ? { byServiceOmitted: { services: omitted.length, total: omitted.reduce((n, s) => n + s.total, 0) } } : {}),
  };
}
