import { isIP } from "node:net";
import { classifyAddress, type AddressKind } from "@/lib/net/ip-ranges";

// Where a rotation target may point: the token and the new secret key travel to it, so an
// URL chosen by a requester must not reach the cloud metadata service, the company's
// private network or Keyless itself. Checked when settings are saved and again on every
// connection, against the addresses the connection will use (DNS may have changed since).
//
// - https only; plain http only to this machine, and only with the sandbox flag
//   (KEYLESS_ALLOW_INSECURE_TARGETS, never in production).
// - never link-local, metadata, unspecified, multicast or reserved addresses;
// - loopback only with the sandbox flag; private ranges only for allow-listed hosts;
// - with KEYLESS_TARGET_HOST_ALLOWLIST set, only hosts it lists.

export type TargetNetworkPolicy = {
  /** Sandbox only: http and loopback targets (the stand-ins). */
  allowInsecure: boolean;
  /** Hosts ("gitlab.example.com") and suffixes (".example.com", "*.example.com"); empty: any public host. */
  allowlist: readonly string[];
};

export type RefusalCode = "scheme" | "credentials" | "not-allowlisted" | "insecure" | AddressKind | "unresolvable";
export type Refusal = { code: RefusalCode; message: string };

/** Resolves a host name to every address a connection could use. */
export type Resolver = (host: string) => Promise<string[]>;

const bare = (host: string) => host.replace(/^\[(.*)\]$/, "$1").toLowerCase();

export function hostAllowListed(host: string, allowlist: readonly string[]): boolean {
  const h = bare(host).replace(/\.$/, "");
  return allowlist.some((raw) => {
    const entry = raw.trim().toLowerCase().replace(/\.$/, "");
    if (!entry) return false;
    if (entry.startsWith("*.") || entry.startsWith(".")) {
      const suffix = entry.slice(entry.indexOf("."));
      return h.endsWith(suffix) && h.length > suffix.length;
    }
    return bare(entry) === h;
  });
}

const ADDRESS_TEXT: Record<Exclude<AddressKind, "public">, string> = {
  loopback: "this machine (loopback)",
  private: "a private network address",
  "link-local": "a link-local address",
  metadata: "a cloud metadata service",
  unspecified: "an unspecified address",
  multicast: "a multicast address",
  reserved: "a reserved address",
};

/** What can be judged from the URL alone: scheme, credentials, the allowlist, a literal IP. */
export function checkUrlBeforeResolving(url: URL, policy: TargetNetworkPolicy): Refusal | null {
  if (url.protocol !== "https:" && url.protocol !== "http:") return { code: "scheme", message: "must be an https URL" };
  if (url.username || url.password) return { code: "credentials", message: "must not contain credentials; use the token field" };
  const literal = isIP(bare(url.hostname)) ? checkAddresses(url, [bare(url.hostname)], policy) : null;
  if (literal) return literal;
  if (policy.allowlist.length > 0 && !hostAllowListed(url.hostname, policy.allowlist)) {
    return { code: "not-allowlisted", message: `${bare(url.hostname)} is not in the allowed target hosts (KEYLESS_TARGET_HOST_ALLOWLIST)` };
  }
  if (url.protocol === "http:" && !policy.allowInsecure) {
    return { code: "insecure", message: "must use https (plain http is allowed only to this machine in the sandbox)" };
  }
  return null;
}

/** Judges the addresses a connection to `url` would use. Any refused address refuses the host. */
export function checkAddresses(url: URL, addresses: readonly string[], policy: TargetNetworkPolicy): Refusal | null {
  const host = bare(url.hostname);
  if (addresses.length === 0) return { code: "unresolvable", message: `${host} does not resolve to an address` };
  const literal = isIP(host) !== 0;
  for (const address of addresses) {
    const kind = classifyAddress(address) ?? "reserved";
    if (kind === "public" && url.protocol === "https:") continue;
    const said = kind === "public" ? host : `${host} ${literal ? "is" : "resolves to"} ${ADDRESS_TEXT[kind]}`;
    if (kind === "loopback") {
      if (!policy.allowInsecure) return { code: kind, message: `${said}: targets on this machine are allowed only in the sandbox` };
      continue;
    }
    if (kind === "private" && !hostAllowListed(url.hostname, policy.allowlist)) {
      return { code: kind, message: `${said}: list the host in KEYLESS_TARGET_HOST_ALLOWLIST to allow it` };
    }
    if (kind !== "private" && kind !== "public") return { code: kind, message: `${said}, which is never a target` };
    if (url.protocol === "http:")
      return { code: "insecure", message: "must use https (plain http is allowed only to this machine in the sandbox)" };
  }
  return null;
}

/** The whole check for a URL: its form first, then every address its host resolves to. */
export async function checkTargetUrl(raw: string, policy: TargetNetworkPolicy, resolve: Resolver): Promise<Refusal | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { code: "scheme", message: "must be an https URL" };
  }
  const early = checkUrlBeforeResolving(url, policy);
  if (early || isIP(bare(url.hostname))) return early;
  let addresses: string[];
  try {
    addresses = await resolve(bare(url.hostname));
  } catch {
    return { code: "unresolvable", message: `${bare(url.hostname)} could not be resolved; check the host name` };
  }
  return checkAddresses(url, addresses, policy);
}
