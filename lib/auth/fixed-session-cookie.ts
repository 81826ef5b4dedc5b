import { sessionCookieName } from "@/lib/auth/cookies";

// next-auth answers GET /api/auth/session by setting the session cookie again with a new
// expiry (now + maxAge), whether or not the session was extended: the browser's cookie
// would slide although the database session ends at its fixed time. The cookie keeps the
// expiry it was given at sign-in: this drops such a re-set (a cleared cookie still goes).

export function withoutSessionCookieRefresh(response: Response): Response {
  const name = sessionCookieName();
  const cookies = response.headers.getSetCookie();
  const refresh = (c: string) =>
    c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`) && !/max-age=0/i.test(c) && !/expires=thu, 01 jan 1970/i.test(c);
  if (!cookies.some(refresh)) return response;
  const headers = new Headers(response.headers);
  headers.delete("set-cookie");
  for (const c of cookies) if (!refresh(c)) headers.append("set-cookie", c);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
