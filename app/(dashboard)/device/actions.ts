"use server";

import { z } from "zod";
import { action } from "@/lib/actions/action";
import { text } from "@/lib/actions/form";
import { approveDeviceRequest, denyDeviceRequest } from "@/lib/cli-auth/device";

const input = z.object({ code: text().pipe(z.string().max(32)) });

export const approveDeviceAction = action({
  permission: "cli.sessions.own",
  input,
  handler: async ({ caller, input }) => {
    await approveDeviceRequest(caller, input.code);
    return "approved" as const;
  },
  message: "Your CLI is signed in. You can close this tab and go back to your terminal.",
});

export const denyDeviceAction = action({
  permission: "cli.sessions.own",
  input,
  handler: async ({ caller, input }) => {
    await denyDeviceRequest(caller, input.code);
    return "denied" as const;
  },
  message: "Denied. The terminal that asked was told no, and nothing was signed in.",
});
