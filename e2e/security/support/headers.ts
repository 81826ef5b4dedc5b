import { SECURITY_HEADERS } from "../../../lib/http/edge-policy";
import type { Answer } from "./http";

// The response headers every answer carries, page or API, success or refusal
// (lib/http/request-guard.ts sets them for every path, from lib/http/edge-policy.ts).

export function transportProblems(a: Answer): string[] {
  const out: string[] = [];
  const hsts = /max-age=(\d+)/.exec(String(a.headers["strict-transport-security"] ?? ""));
  if (!hsts || Number(hsts[1]) < 31_536_000) out.push(`Strict-Transport-Security: ${String(a.headers["strict-transport-security"])}`);
  if (a.headers["x-content-type-options"] !== "nosniff") out.push(`X-Content-Type-Options: ${String(a.headers["x-content-type-options"])}`);
  if (!["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"].includes(String(a.headers["referrer-policy"]))) {
    out.push(`Referrer-Policy: ${String(a.headers["referrer-policy"])}`);
  }
  // And the rest of the edge policy as written (frames, powerful features, opener).
  for (const name of ["X-Frame-Options", "Permissions-Policy", "Cross-Origin-Opener-Policy"]) {
    const value = a.headers[name.toLowerCase()];
    if (value !== SECURITY_HEADERS[name]) out.push(`${name}: ${String(value)}`);
  }
  return out;
}
