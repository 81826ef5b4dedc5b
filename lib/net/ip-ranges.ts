import { isIP } from "node:net";

// What kind of network an IP address belongs to, for deciding where Keyless may send a
// target's token and a new secret key. Pure and exhaustive over the special-purpose
// registries (RFC 6890 and its IPv6 counterpart): an address not listed here is public.
// IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged by that address,
// so ::ffff:169.254.169.254 is the metadata service it points at.

export type AddressKind =
  | "public"
  | "loopback"
  | "private" // RFC 1918, carrier-grade NAT, unique-local IPv6
  | "link-local"
  | "metadata" // cloud instance metadata services
  | "unspecified"
  | "multicast"
  | "reserved"; // documentation, benchmarking, broadcast, future use

/** Cloud metadata endpoints: AWS/GCP/Azure IMDS, AWS's IPv6 IMDS, Alibaba, Azure's wire server. */
const METADATA_V4 = new Set(["169.254.169.254", "169.254.170.2", "100.100.100.200", "168.63.129.16"]);
const METADATA_V6 = new Set(["fd00:ec2:0:0:0:0:0:254"]);

/** [first address as a 32-bit number, prefix length, kind]; the first match wins. */
const V4_RANGES: [string, number, AddressKind][] = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "private"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.0.2.0", 24, "reserved"],
  ["192.88.99.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"],
  ["198.51.100.0", 24, "reserved"],
  ["203.0.113.0", 24, "reserved"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

function v4Number(address: string): number {
  return address.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

function inV4(address: number, base: string, prefix: number): boolean {
  const size = 2 ** (32 - prefix);
  return Math.floor(address / size) === Math.floor(v4Number(base) / size);
}

export function classifyV4(address: string): AddressKind {
  if (METADATA_V4.has(address)) return "metadata";
  const n = v4Number(address);
  for (const [base, prefix, kind] of V4_RANGES) if (inV4(n, base, prefix)) return kind;
  return "public";
}

/** The eight 16-bit groups of an IPv6 address (any valid textual form, zone id dropped). */
export function v6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, "").toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const n = v4Number(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (s: string) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

const v4FromGroups = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");

export function classifyV6(address: string): AddressKind {
  const g = v6Groups(address);
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  if (METADATA_V6.has(g.map((x) => x.toString(16)).join(":"))) return "metadata";
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (upperZero && g5 === 0xffff) return classifyV4(v4FromGroups(g6, g7)); // ::ffff:a.b.c.d
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classifyV4(v4FromGroups(g6, g7)); // NAT64
  if (g0 === 0x2002) return classifyV4(v4FromGroups(g1, g2)); // 6to4
  if (upperZero && g5 === 0 && g6 === 0 && g7 === 0) return "unspecified";
  if (upperZero && g5 === 0 && g6 === 0 && g7 === 1) return "loopback";
  if (g0 < 0x100) return "reserved"; // ::/8 otherwise: IPv4-compatible (deprecated), discard-only (100::/64)
  if ((g0 & 0xffc0) === 0xfe80) return "link-local";
  if ((g0 & 0xffc0) === 0xfec0) return "private"; // site-local (deprecated)
  if ((g0 & 0xfe00) === 0xfc00) return "private"; // unique local fc00::/7
  if ((g0 & 0xff00) === 0xff00) return "multicast";
  if (g0 === 0x2001 && g1 === 0xdb8) return "reserved"; // documentation
  return "public";
}

/** The kind of an IP address; null when the text is not one. Brackets ([::1]) are accepted. */
export function classifyAddress(text: string): AddressKind | null {
  const address = text.replace(/^\[(.*)\]$/, "$1");
  const version = isIP(address.replace(/%.*$/, ""));
  if (version === 4) return classifyV4(address);
  if (version === 6) return classifyV6(address);
  return null;
}
