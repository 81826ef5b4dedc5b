"use server";

import { z } from "zod";
import { action } from "@/lib/actions/action";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { signIn } from "@/lib/auth/next-auth";
import { env } from "@/lib/env";

/** Starts the OIDC sign-in; signIn() redirects to the IdP. */
export const signInAction = action({
  permission: "public",
  input: z.object({ callbackUrl: z.string().optional() }),
  handler: async ({ input }) => {
    await signIn("oidc", { redirectTo: safeCallbackPath(input.callbackUrl ?? null, env().AUTH_URL, "/") });
  },
});
