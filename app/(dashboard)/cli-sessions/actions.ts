"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/actions/result";
import { sessionCookie } from "@/lib/auth/cookies";
import { requireCaller } from "@/lib/auth/current";
import { cliSessionIdParamsSchema } from "@/lib/cli-auth/schemas";
import { revokeCliSession } from "@/lib/cli-auth/sessions";
import { revokeAllMySessions } from "@/lib/people/my-sessions";

export async function revokeCliSessionAction(_prev: unknown, form: FormData) {
  return runAction(async () => {
    const { id } = cliSessionIdParamsSchema.parse({ id: z.string().parse(form.get("id")) });
    await revokeCliSession(await requireCaller(), id);
    revalidatePath("/cli-sessions");
  }, "Revoked. That terminal must sign in again.");
}

/** A lost laptop: every session of the caller ends (this browser's too), then sign in again. */
export async function revokeAllMySessionsAction(_prev: ActionResult | null, _form: FormData): Promise<ActionResult> {
  const result = await runAction(async () => revokeAllMySessions(await requireCaller()));
  if (!result.ok) return result;
  // The row is gone already; the cookie that named it goes too.
  const { name, options } = sessionCookie();
  (await cookies()).set(name, "", { ...options, maxAge: 0 });
  redirect("/signin?revoked=1");
}
