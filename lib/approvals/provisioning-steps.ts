import "server-only";
import { auditSystemStep } from "@/lib/audit/record";
import { systemCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";

// The request's own record of provisioning, shown on the request page: the steps only
// provisioning does (the IAM user, its policies, the integration, the undo), and, once the
// rotation machine has delivered the first key, a copy of that rotation's steps, so the
// page keeps them even when a failure removed the integration with its rotation history.

export type ProvisioningStep = { step: string; status: "done" | "failed" | "undone"; at: string; detail?: string };
export type Provisioning = {
  userName: string;
  steps: ProvisioningStep[];
  error?: string;
  /** The integration that rotates the key; created before the first key is delivered. */
  integrationId?: string;
  /** The rotation (trigger "provisioning") that delivers the first key. */
  rotationId?: string;
};

/** Appends a step of provisioning's own, saves the record, and audits it. */
export async function recordStep(
  requestId: string,
  state: Provisioning,
  step: string,
  status: ProvisioningStep["status"],
  detail?: string,
): Promise<void> {
  state.steps.push({ step, status, at: new Date().toISOString(), ...(detail ? { detail } : {}) });
  await saveProvisioning(requestId, state);
  await auditSystemStep(systemCaller("provisioning"), {
    action: "provisioning.step",
    outcome: status === "failed" ? "failure" : "success",
    target: { type: "access_request", id: requestId },
    details: { step, status, detail },
  });
}

export async function saveProvisioning(requestId: string, state: Provisioning): Promise<void> {
  await db().accessRequest.update({ where: { id: requestId }, data: { provisioning: state }, select: { id: true } });
}

/** The delivering rotation's finished steps, as provisioning steps (each was audited by the machine). */
export async function copyDeliverySteps(state: Provisioning, rotationId: string): Promise<void> {
  const events = await db().rotationStep.findMany({
    where: { rotationId, status: { in: ["done", "failed"] } },
    orderBy: { id: "asc" },
    select: { step: true, status: true, detail: true, error: true, at: true },
  });
  for (const e of events) {
    const detail = (e.status === "failed" ? e.error : e.detail) ?? undefined;
    state.steps.push({
      step: e.step,
      status: e.status === "failed" ? "failed" : "done",
      at: e.at.toISOString(),
      ...(detail ? { detail: detail.slice(0, 500) } : {}),
    });
  }
}
