// Browser-side calls to the Keyless API (same origin, session cookie). Errors arrive as
// problem+json; their `detail` is written for people and shown as is.

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function apiPost<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      cache: "no-store",
    });
  } catch {
    throw new ApiProblem(0, "Keyless could not be reached. Check your connection and try again.");
  }
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    if (res.status === 401 && data.type !== "https://keyless.dev/problems/reauthentication-required") {
      // A full navigation: the session is gone, so the sign-in flow must restart server-side.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
    }
    throw new ApiProblem(res.status, typeof data.detail === "string" ? data.detail : `Request failed (${res.status}).`, data);
  }
  return data as T;
}
