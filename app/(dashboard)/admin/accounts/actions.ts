"use server";

import { z } from "zod";
import { action } from "@/lib/actions/action";
import { checkbox, splitList, text } from "@/lib/actions/form";
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

export const deleteAccountAction = action({
  permission: "accounts.manage",
  input: byId,
  handler: ({ caller, input }) => deleteAccount(caller, input.id),
  message: "Account removed.",
  revalidate,
});

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

export const deleteRoleAction = action({
  permission: "roles.manage",
  input: byId,
  handler: ({ caller, input }) => deleteRole(caller, input.id),
  message: "Role mapping removed.",
  revalidate,
});
