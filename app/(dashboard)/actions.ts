"use server";

import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/result";
import { getCaller } from "@/lib/auth/current";
import { signOut } from "@/lib/auth/next-auth";
import { signOutEverywhere } from "@/lib/auth/sign-out-everywhere";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin?signedOut=1" });
}

/** Ends every session of the caller; when that cannot be done (the audit log is down), says so. */
export async function signOutEverywhereAction(_prev: ActionResult | null): Promise<ActionResult> {
  const result = await runAction(async () => {
    const caller = await getCaller();
    if (caller) await signOutEverywhere(caller);
  });
  if (!result.ok) return result;
  redirect("/signin?signedOut=1");
}
