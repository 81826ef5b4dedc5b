// The sandbox's AWS (moto behind scripts/sandbox/moto_server.py): faults, call counts,
// bulk seeding, and checks moto itself cannot make.
import { sandbox } from "./env";

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandbox.motoUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`moto ${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export type Fault = { id: string; injected: number; injectedByError: Record<string, number> };
export type Stats = {
  total: number;
  actions: Record<string, number>;
  accounts: Record<string, number>;
  byAccount: Record<string, Record<string, number>>;
};

/** AWS throttling and server errors, mixed, on `rate` of every AWS call (all services, all accounts). */
export const AWS_STORM = { action: "*", errors: ["Throttling", "ServiceUnavailable", "InternalError", "RequestLimitExceeded"], rate: 0.3 };

export const moto = {
  addFault: (spec: { action: string; error?: string; errors?: string[]; rate?: number; count?: number; accountId?: string }) =>
    call<Fault>("POST", "/_sandbox/faults", spec),
  faults: async () => (await call<{ faults: Fault[] }>("GET", "/_sandbox/faults")).faults,
  clearFaults: () => call<void>("DELETE", "/_sandbox/faults"),
  stats: () => call<Stats>("GET", "/_sandbox/stats"),
  resetStats: () => call<Stats>("DELETE", "/_sandbox/stats"),
  seedUsers: (accountId: string, users: unknown[]) =>
    call<{ created: number; keys: number }>("POST", "/_sandbox/iam/users", { accountId, users }),
  setAccessKey: (body: {
    accountId: string;
    userName: string;
    accessKeyId: string;
    createDate?: string;
    lastUsed?: { date: string; service: string; region: string } | null;
  }) => call<unknown>("POST", "/_sandbox/iam/access-key", body),
  /** Whether an IAM user key id + secret would authenticate on real AWS (active, secret matches). */
  keyIsValid: async (accountId: string, key: { accessKeyId?: string; secretAccessKey?: string } | null | undefined) =>
    key?.accessKeyId ? (await call<{ valid: boolean }>("POST", "/_sandbox/iam/check-key", { accountId, ...key })).valid : false,
};

/** A fresh 12-digit account id per use: tests never share AWS state, even on a re-run. */
export function newAccountId(): string {
  return `3${String(Math.floor(Math.random() * 1e11)).padStart(11, "0")}`;
}

/**
 * For the tests' own AWS calls while a storm is on (they go through the same faulty moto):
 * try again on throttling and 5xx, many times. Never used for the product's calls.
 */
export async function patiently<T>(fn: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      const transient =
        /Throttl|RequestLimitExceeded|ServiceUnavailable|InternalError|InternalFailure/.test(e.name ?? "") ||
        (e.$metadata?.httpStatusCode ?? 0) >= 500;
      if (!transient || attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}
