"use server";

import { action } from "@/lib/actions/action";
import { signOut } from "@/lib/auth/next-auth";
import { signOutEverywhere } from "@/lib/auth/sign-out-everywhere";
import { addConsoleFavouriteSchema, consoleFavouriteIdSchema } from "@/lib/console/favourite-schemas";
import { addConsoleFavourite, removeConsoleFavourite } from "@/lib/console/favourites";

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

/** Stars a console page (role, service, region) on the credentials page. */
export const addConsoleFavouriteAction = action({
  permission: "console.open",
  input: addConsoleFavouriteSchema,
  handler: ({ caller, input }) => addConsoleFavourite(caller, input),
  message: "Added to your console favourites.",
  revalidate: ["/"],
});

export const removeConsoleFavouriteAction = action({
  permission: "console.open",
  input: consoleFavouriteIdSchema,
  handler: ({ caller, input }) => removeConsoleFavourite(caller, input),
  message: "Removed from your console favourites.",
  revalidate: ["/"],
});
