"use server";

import { z } from "zod";
import { action } from "@/lib/actions/action";
import { settingsInput, text, type FormValue } from "@/lib/actions/form";
import { adoptSecret } from "@/lib/integrations/adopt-secret";
import { createIntegration, deleteIntegration } from "@/lib/integrations/manage";
import { updateIntegration } from "@/lib/integrations/update";
import { createIntegrationSchema, updateIntegrationSchema } from "@/lib/integrations/schemas";
import { startRotation } from "@/lib/rotation/start";
import { TARGET_TYPES, TARGETS } from "@/lib/targets";

const GRACE_UNITS = { minutes: 60, hours: 3600, days: 86_400 } as const;
const byId = z.object({ id: text() });

/** The form's fields as the API's input: the grace period in seconds, the token only when one was typed. */
const integrationForm = z
  .object({
    id: z.string().optional(),
    name: text(),
    accountId: text(),
    iamUserName: text(),
    targetType: z.enum(TARGET_TYPES, { error: "choose a target type" }),
    targetSettings: z.custom<FormValue>().optional(),
    targetToken: z.string().optional(),
    rotationIntervalDays: z.string().optional(),
    graceAmount: z.coerce.number().default(0),
    graceUnit: z.enum(["minutes", "hours", "days"]).catch("hours"),
    ownerEmail: text(),
    // Only the edit form has the checkbox: a new integration starts enabled.
    enabled: z.string().optional(),
  })
  .transform(({ id, graceAmount, graceUnit, enabled, targetSettings, ...fields }) => ({
    id,
    enabled: enabled === "on",
    input: {
      ...fields,
      targetSettings: settingsInput(targetSettings, TARGETS[fields.targetType].settingsSchema),
      graceSeconds: Math.round(graceAmount * GRACE_UNITS[graceUnit]),
    },
  }));

export const saveIntegrationAction = action({
  permission: "integrations.manage",
  input: integrationForm,
  handler: async ({ caller, input: { id, enabled, input } }) => {
    if (id) return updateIntegration(caller, id, updateIntegrationSchema.parse({ ...input, enabled }));
    return createIntegration(caller, createIntegrationSchema.parse(input));
  },
  revalidate: ["/integrations"],
  redirect: (integration) => `/integrations/${integration.id}`,
});

export const rotateNowAction = action({
  permission: "rotations.run",
  input: byId,
  handler: ({ caller, input }) => startRotation(caller, input.id, "manual"),
  redirect: (started, input) => `/integrations/${input.id}/rotations/${started.rotationId}`,
});

export const setEnabledAction = action({
  permission: "integrations.manage",
  input: z.object({ id: text(), enabled: z.string().optional() }),
  handler: ({ caller, input }) => updateIntegration(caller, input.id, { enabled: input.enabled === "true" }),
  message: (_, input) => (input.enabled === "true" ? "Enabled." : "Disabled."),
  revalidate: (input) => [`/integrations/${input.id}`],
});

export const deleteIntegrationAction = action({
  permission: "integrations.manage",
  input: byId,
  handler: ({ caller, input }) => deleteIntegration(caller, input.id),
  revalidate: ["/integrations"],
  redirect: () => "/integrations",
});

export const adoptSecretAction = action({
  permission: "integrations.manage",
  input: byId,
  handler: async ({ caller, input }) => {
    await adoptSecret(caller, input.id);
  },
  message: "Adopted: rotations now write this secret.",
  revalidate: (input) => [`/integrations/${input.id}`],
});
