import type { NextRequest } from "next/server";
import { withoutSessionCookieRefresh } from "@/lib/auth/fixed-session-cookie";
import { handlers } from "@/lib/auth/next-auth";

export const { POST } = handlers;

export async function GET(request: NextRequest): Promise<Response> {
  const response = await handlers.GET(request);
  return request.nextUrl.pathname.endsWith("/session") ? withoutSessionCookieRefresh(response) : response;
}
