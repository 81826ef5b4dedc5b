"use server";

import { z } from "zod";
import { action } from "@/lib/actions/action";
import { settingsInput, splitList, text, type FormValue } from "@/lib/actions/form";
import { approveRequest, denyRequest } from "@/lib/approvals/decide";
import { createExternalAccessRequest } from "@/lib/approvals/external";
import { cancelRequest, createRoleAccessRequest } from "@/lib/approvals/requests";
import { TARGET_TYPES, TARGETS } from "@/lib/targets";

// The request forms; lib/approvals checks what a request may be (schemas.ts) and who may make it.

const roleRequestForm = z.object({
  roleId: text(),
  durationSeconds: z.coerce.number(),
  justification: text(),
});

export const createRoleRequestAction = action({
  permission: "requests.create",
  input: roleRequestForm,
  handler: ({ caller, input }) => createRoleAccessRequest(caller, { kind: "ROLE_ACCESS", ...input }),
  redirect: (request) => `/requests/${request.id}`,
});

const externalRequestForm = z
  .object({
    serviceName: text(),
    accountId: text(),
    targetType: z.enum(TARGET_TYPES, { error: "choose a target" }),
    targetSettings: z.custom<FormValue>().optional(),
    targetToken: z.string().optional(),
    managedPolicyArns: splitList(/[\s,]+/),
    inlinePolicy: z.string().optional(),
    justification: text(),
    ownerEmail: text(),
    rotationIntervalDays: z.coerce.number().default(90),
  })
  .transform(({ targetSettings, ...fields }) => ({
    kind: "EXTERNAL_ACCESS" as const,
    ...fields,
    targetSettings: settingsInput(targetSettings, TARGETS[fields.targetType].settingsSchema),
  }));

export const createExternalRequestAction = action({
  permission: "requests.create",
  input: externalRequestForm,
  handler: ({ caller, input }) => createExternalAccessRequest(caller, input),
  redirect: (request) => `/requests/${request.id}`,
});

const decisionForm = z.object({ id: text(), decision: text(), comment: text(), confirm: text() });
const requestPages = ({ id }: { id: string }) => ["/approvals", `/requests/${id}`, "/requests"];

export const decideAction = action({
  permission: "requests.decide",
  input: decisionForm,
  handler: async ({ caller, input }) => {
    if (input.decision !== "approve") return (await denyRequest(caller, input.id, input.comment)).status;
    return (await approveRequest(caller, input.id, input.comment, { confirm: input.confirm })).status;
  },
  message: (status, input) =>
    input.decision !== "approve"
      ? "Denied."
      : status === "PENDING"
        ? "Your approval is recorded. This request is high risk: it takes effect once an admin or a second approver approves too."
        : "Approved.",
  revalidate: requestPages,
});

export const cancelRequestAction = action({
  permission: "requests.create",
  input: z.object({ id: text() }),
  handler: ({ caller, input }) => cancelRequest(caller, input.id),
  message: "Request cancelled.",
  revalidate: requestPages,
});
