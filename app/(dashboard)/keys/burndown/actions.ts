"use server";

import { z } from "zod";
import { action } from "@/lib/actions/action";
import { retireKey, undoRetirement } from "@/lib/retirement/retire";

// The retirement's own schemas (lib/retirement/retire.ts) check the fields.
export const retireKeyAction = action({
  permission: "keys.retire",
  input: z.object({ accessKeyId: z.unknown(), days: z.unknown() }),
  handler: ({ caller, input }) => retireKey(caller, input),
  message: (r) => `Key deactivated. It will be deleted on ${r.deleteAfter.slice(0, 10)} unless you undo it.`,
  revalidate: ["/keys/burndown", "/keys"],
});

export const undoRetirementAction = action({
  permission: "keys.retire",
  input: z.object({ retirementId: z.unknown() }),
  handler: ({ caller, input }) => undoRetirement(caller, input),
  message: "Key reactivated; its deletion is cancelled.",
  revalidate: ["/keys/burndown", "/keys"],
});
