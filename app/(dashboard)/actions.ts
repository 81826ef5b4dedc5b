"use server";

import { redirect } from "next/navigation";
import { getCaller } from "@/lib/auth/current";
import { signOut } from "@/lib/auth/next-auth";
import { signOutEverywhere } from "@/lib/auth/sessions";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin?signedOut=1" });
}

export async function signOutEverywhereAction(): Promise<void> {
  const caller = await getCaller();
  if (caller) await signOutEverywhere(caller);
  redirect("/signin?signedOut=1");
}
