"use server";

import { z } from "zod";
import { action } from "@/lib/actions/action";
import { checkbox, splitList, text } from "@/lib/actions/form";
import type { UserCaller } from "@/lib/auth/caller";
import { createAccount, createRole, deleteAccount, deleteRole, updateAccount, updateRole } from "@/lib/accounts/manage";
import { accountInputSchema, roleInputSchema } from "@/lib/accounts/schemas";

// A form without an id adds an account or a role mapping; with one, it saves that one.
const withId = z.object({ id: z.string().optional() });
const byId = z.object({ id: text() });
const revalidate = ["/admin/accounts"];

export const saveAccountAction = action({
  permission: "accounts.manage",
  input: z.intersection(withId, accountInputSchema),
  handler: async ({ caller, input: { id, ...account } }) => {
    if (id) await updateAccount(caller, id, account);
    else await createAccount(caller, account);
  },
  message: "Account saved.",
  revalidate,
});

/** Removes the account or the role mapping the form's id names. */
const removal = (
  permission: "accounts.manage" | "roles.manage",
  remove: (caller: UserCaller, id: string) => Promise<unknown>,
  message: string,
) => action({ permission, input: byId, handler: ({ caller, input }) => remove(caller, input.id), message, revalidate });

export const deleteAccountAction = removal("accounts.manage", deleteAccount, "Account removed.");

// The allowed groups are typed into one box; the rest is as the API takes it.
const roleForm = z.looseObject({
  id: z.string().optional(),
  allowedGroups: splitList(/[,\n]/),
  requiresApproval: checkbox(),
  breakGlass: checkbox(),
});

export const saveRoleAction = action({
  permission: "roles.manage",
  input: roleForm,
  handler: async ({ caller, input: { id, ...fields } }) => {
    const role = roleInputSchema.parse(fields);
    if (id) await updateRole(caller, id, role);
    else await createRole(caller, role);
  },
  message: "Role mapping saved.",
  revalidate,
});

export const deleteRoleAction = removal("roles.manage", deleteRole, "Role mapping removed.");
