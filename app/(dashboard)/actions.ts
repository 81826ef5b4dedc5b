"use server";

import { action } from "@/lib/actions/action";
import { signOut } from "@/lib/auth/next-auth";
import { signOutEverywhere } from "@/lib/auth/sign-out-everywhere";

// Signing out when already signed out lands on the same page as signing out.
const SIGNED_OUT = "/signin?signedOut=1";

export const signOutAction = action({
  permission: "signed-in",
  signedOut: SIGNED_OUT,
  handler: async () => {
    await signOut({ redirectTo: SIGNED_OUT });
  },
});

/** Ends every session of the caller; when that cannot be done (the audit log is down), says so. */
export const signOutEverywhereAction = action({
  permission: "signed-in",
  signedOut: SIGNED_OUT,
  handler: ({ caller }) => signOutEverywhere(caller),
  redirect: () => SIGNED_OUT,
});
