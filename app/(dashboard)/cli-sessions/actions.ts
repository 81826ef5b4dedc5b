"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "@/lib/actions/result";
import { requireCaller } from "@/lib/auth/current";
import { cliSessionIdParamsSchema } from "@/lib/cli-auth/schemas";
import { revokeCliSession } from "@/lib/cli-auth/sessions";

export async function revokeCliSessionAction(_prev: unknown, form: FormData) {
  return runAction(async () => {
    const { id } = cliSessionIdParamsSchema.parse({ id: z.string().parse(form.get("id")) });
    await revokeCliSession(await requireCaller(), id);
    revalidatePath("/cli-sessions");
  }, "Revoked. That terminal must sign in again.");
}
