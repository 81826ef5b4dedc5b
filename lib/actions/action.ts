import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formInput } from "@/lib/actions/form";
import { runAction, type ActionResult } from "@/lib/actions/result";
import { auditRefusal } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { getCaller } from "@/lib/auth/current";
import { can } from "@/lib/auth/guard";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";
import type { Permission } from "@/lib/permissions";

// Every server action (app/**/actions.ts) is built with action(), as every API handler is
// with route(): it names its permission, reads its form with one parser (lib/actions/form.ts)
// into its zod schema, and turns every error into a typed ActionResult (lib/actions/result.ts),
// never a thrown 500. The permission is checked here before the input is read, and again by
// the data access function the handler calls. lib/actions/registry.ts lists every action with
// its permission for the security suite's access matrix; a unit test keeps the two in step.

/** A permission, any session ("signed-in"), or none at all ("public"). */
export type ActionAccess = Permission | "signed-in" | "public";
type CallerFor<A extends ActionAccess> = A extends "public" ? UserCaller | null : UserCaller;

export type ActionMeta = { permission: ActionAccess };

type Options<A extends ActionAccess, S extends z.ZodType, T> = {
  permission: A;
  /** The form's fields (lib/actions/form.ts helpers for checkboxes and lists); none: the form is ignored. */
  input?: S;
  handler: (ctx: { caller: CallerFor<A>; input: z.output<S> }) => Promise<T>;
  /** Shown on success. */
  message?: string | ((data: T, input: z.output<S>) => string);
  /** Pages to refresh once the handler ran, whether it succeeded or not (a conflict shows the new state). */
  revalidate?: string[] | ((input: z.output<S>) => string[]);
  /** Where to go on success. */
  redirect?: (data: T, input: z.output<S>) => string | undefined;
  /** Where a visitor without a session goes instead of the 401 result (signing out when already out). */
  signedOut?: string;
};

/** Called as (), (formData) or (previousState, formData) (useActionState): the form is found among the arguments. */
export type ServerAction<T> = {
  /** As a plain <form action={…}>: React drops what it returns. */
  (form: FormData): Promise<void>;
  /** With useActionState, or called directly. */
  (previous?: unknown, form?: FormData): Promise<ActionResult<T>>;
  meta: ActionMeta;
};

/** The one place a server action's refusal is audited: who asked, for which permission. */
function auditActionRefusal(caller: UserCaller, permission: Permission): Promise<void> {
  return auditRefusal(caller, "authz.denied", { details: { permission, via: "server action" } });
}

async function authorize<A extends ActionAccess>(permission: A, signedOut: string | undefined): Promise<CallerFor<A>> {
  const caller = await getCaller();
  if (permission === "public") return caller as CallerFor<A>;
  if (!caller) {
    if (signedOut) redirect(signedOut);
    throw new UnauthorizedError();
  }
  if (permission !== "signed-in" && !can(caller, permission)) {
    await auditActionRefusal(caller, permission);
    throw new ForbiddenError(`Your role does not allow this (needs “${permission}”).`);
  }
  return caller;
}

export function action<A extends ActionAccess, S extends z.ZodType = z.ZodUndefined, T = void>(options: Options<A, S, T>): ServerAction<T> {
  async function run(...args: unknown[]): Promise<ActionResult<T>> {
    const form = args.find((a): a is FormData => a instanceof FormData);
    let input: z.output<S> | undefined;
    let ran = false;
    const result = await runAction(async () => {
      const caller = await authorize(options.permission, options.signedOut);
      // No schema: the action takes no input (S is z.ZodUndefined).
      const parsed = (options.input ? options.input.parse(formInput(form)) : undefined) as z.output<S>;
      input = parsed;
      ran = true;
      return options.handler({ caller, input: parsed });
    });
    if (ran) {
      const paths = typeof options.revalidate === "function" ? options.revalidate(input as z.output<S>) : (options.revalidate ?? []);
      for (const path of paths) revalidatePath(path);
    }
    if (!result.ok) return result;
    const data = result.data as T;
    const to = options.redirect?.(data, input as z.output<S>);
    if (to) redirect(to);
    const message = typeof options.message === "function" ? options.message(data, input as z.output<S>) : options.message;
    return { ok: true, ...(data === undefined ? {} : { data }), ...(message === undefined ? {} : { message }) };
  }
  // The (form) overload only narrows what a plain form may rely on: nothing.
  return Object.assign(run, { meta: { permission: options.permission } }) as unknown as ServerAction<T>;
}
