"use server";

import { z } from "zod";
import { runAction } from "@/lib/actions/result";
import { requireCaller } from "@/lib/auth/current";
import { approveDeviceRequest, denyDeviceRequest } from "@/lib/cli-auth/device";

const formSchema = z.object({ code: z.string().max(32) });

export async function approveDeviceAction(_prev: unknown, form: FormData) {
  return runAction(async () => {
    const { code } = formSchema.parse({ code: form.get("code") });
    await approveDeviceRequest(await requireCaller(), code);
    return "approved" as const;
  }, "Your CLI is signed in. You can close this tab and go back to your terminal.");
}

export async function denyDeviceAction(_prev: unknown, form: FormData) {
  return runAction(async () => {
    const { code } = formSchema.parse({ code: form.get("code") });
    await denyDeviceRequest(await requireCaller(), code);
    return "denied" as const;
  }, "Denied. The terminal that asked was told no, and nothing was signed in.");
}
