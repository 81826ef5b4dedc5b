import { env } from "@/lib/env";

/** Session cookie: HttpOnly, SameSite=Lax, and __Host- prefixed + Secure behind TLS. */
export function sessionCookie() {
  const secure = env().AUTH_URL.startsWith("https://");
  return {
    name: secure ? "__Host-keyless.session" : "keyless.session",
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}

export const SESSION_COOKIE_NAMES = ["__Host-keyless.session", "keyless.session"] as const;
