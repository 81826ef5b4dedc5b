"use server";

import { safeCallbackPath } from "@/lib/auth/callback-url";
import { signIn } from "@/lib/auth/next-auth";
import { env } from "@/lib/env";

export async function signInAction(formData: FormData): Promise<void> {
  const raw = formData.get("callbackUrl");
  const redirectTo = safeCallbackPath(typeof raw === "string" ? raw : null, env().AUTH_URL, "/");
  await signIn("oidc", { redirectTo });
}
