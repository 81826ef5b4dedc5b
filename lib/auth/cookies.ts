import { env } from "@/lib/env";

/** Session cookie: HttpOnly, SameSite=Lax, and __Host- prefixed + Secure behind TLS. */
export function sessionCookie() {
  const secure = env().AUTH_URL.startsWith("https://");
  return {
    name: secure ? "__Host-keyless.session" : "keyless.session",
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}

/**
 * The one cookie name a session is read from. Behind TLS only the __Host- name counts: a
 * browser accepts that name only from this exact origin over https, whereas a plain
 * `keyless.session` could be planted by a sibling subdomain or over plain http.
 */
export function sessionCookieName(): string {
  return sessionCookie().name;
}
