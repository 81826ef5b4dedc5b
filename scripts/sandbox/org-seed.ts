// Client for the sandbox's organisation seed and IAM throttle (moto_server.py: /_sandbox/org/seed,
// /_sandbox/throttle; sandbox_org.py, sandbox_faults.py), for benchmarks and tests only.

export type OrgSeedSpec = {
  accounts?: number; // member accounts (default 1,000)
  users?: number; // IAM users over all of them (default 50,000)
  keys?: number; // access keys, users ≤ keys ≤ 2 × users (default 100,000)
  skew?: number; // account i holds ∝ 1/i^skew of the users (default 1: Zipf)
  seed?: number;
  inventoryRoleName?: string; // default KeylessInventory (KEYLESS_INVENTORY_ROLE_NAME's default)
  organizationsRoleName?: string; // default KeylessOrganizations
};
export type SeededAccount = { accountId: string; users: number; keys: number };
/** `accounts` starts with the management account (the hub), which ListAccounts lists too. */
export type OrgSeed = { organizationId: string; managementAccount: string; accounts: SeededAccount[]; users: number; keys: number };
export type ThrottleStats = {
  config: { service: string; ratePerSecond: number; burst: number; accounts: string[] | null } | null;
  throttled: number;
  byAccount: Record<string, number>;
};

async function call<T>(motoUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${motoUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const seedOrg = (motoUrl: string, spec: OrgSeedSpec = {}) => call<OrgSeed>(motoUrl, "POST", "/_sandbox/org/seed", spec);

export const setIamThrottle = (motoUrl: string, t: { ratePerSecond: number; burst?: number; accounts?: string[] }) =>
  call<ThrottleStats>(motoUrl, "POST", "/_sandbox/throttle", { service: "iam", ...t });
export const throttleStats = (motoUrl: string) => call<ThrottleStats>(motoUrl, "GET", "/_sandbox/throttle");
export const clearThrottle = (motoUrl: string) => call<ThrottleStats>(motoUrl, "DELETE", "/_sandbox/throttle");

/** Answers a page: ListAccounts (moto's default page size) and GetAccountAuthorizationDetails (MaxItems 1,000). */
export const PAGE = { listAccounts: 100, userDetails: 1000 };

/**
 * The fewest AWS calls that read this organisation's keys with IAM's API: AssumeRole and the
 * ListAccounts pages, then per account AssumeRole, the user pages, one GetCredentialReport
 * (a report exists; it gives every key's last use) and one ListAccessKeys per user (IAM has
 * no batch form, and nothing else names a user's keys).
 */
export function minimumCalls(seed: OrgSeed): { total: number; byAccount: Map<string, number> } {
  const byAccount = new Map(
    seed.accounts.map((a) => [a.accountId, 1 + Math.max(1, Math.ceil(a.users / PAGE.userDetails)) + 1 + a.users] as const),
  );
  const discovery = 1 + Math.ceil(seed.accounts.length / PAGE.listAccounts);
  return { total: discovery + [...byAccount.values()].reduce((a, b) => a + b, 0), byAccount };
}
