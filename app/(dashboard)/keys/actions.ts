"use server";

import { z } from "zod";
import { action } from "@/lib/actions/action";
import { updateRotationPolicy } from "@/lib/inventory/policy-store";

export const updateRotationPolicyAction = action({
  permission: "settings.manage",
  // The policy's own schema (lib/inventory) checks the numbers.
  input: z.object({ rotateDays: z.unknown(), warnDays: z.unknown(), unusedDays: z.unknown(), neverUsedDays: z.unknown() }),
  handler: async ({ caller, input }) => {
    await updateRotationPolicy(caller, input);
  },
  message: "Rotation policy saved.",
  revalidate: ["/keys"],
});
