/**
 * Only same-origin, path-absolute callback URLs are followed after sign-in; anything else
 * (another origin, protocol-relative `//evil`, backslash tricks, javascript:) falls back to
 * the dashboard. Refusing here closes the open redirect.
 */
export function safeCallbackPath(raw: string | null | undefined, appOrigin: string, fallback = "/"): string {
  if (!raw || raw.length > 2048) return fallback;
  let value = raw.trim();
  try {
    if (/^https?:\/\//i.test(value)) {
      const u = new URL(value);
      if (u.origin !== new URL(appOrigin).origin) return fallback;
      value = `${u.pathname}${u.search}${u.hash}`;
    }
  } catch {
    return fallback;
  }
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || /[\u0000-\u001f]/.test(value)) {
    return fallback;
  }
  // Resolving against our origin must not change the origin (e.g. "/\t/evil.com").
  try {
    const resolved = new URL(value, appOrigin);
    if (resolved.origin !== new URL(appOrigin).origin) return fallback;
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return fallback;
  }
}
