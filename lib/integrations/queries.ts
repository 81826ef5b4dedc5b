import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { integrationSelect, toIntegrationView, type IntegrationView } from "@/lib/integrations/dto";

export async function listIntegrations(caller: Caller): Promise<IntegrationView[]> {
  await requirePermission(caller, "integrations.read");
  const rows = await db().integration.findMany({ select: integrationSelect, orderBy: { name: "asc" } });
  return rows.map(toIntegrationView);
}

export async function getIntegration(caller: Caller, id: string): Promise<IntegrationView> {
  await requirePermission(caller, "integrations.read");
  const row = await db().integration.findUnique({ where: { id }, select: integrationSelect });
  if (!row) throw new NotFoundError("The integration");
  return toIntegrationView(row);
}

/** The integration's rotations, newest first. */
export async function listRotations(caller: Caller, integrationId: string, take = 50) {
  await requirePermission(caller, "integrations.read");
  return db().rotation.findMany({
    where: { integrationId },
    orderBy: { startedAt: "desc" },
    take,
    select: {
      id: true,
      trigger: true,
      requestedBy: true,
      status: true,
      step: true,
      startedAt: true,
      finishedAt: true,
      error: true,
      warning: true,
      oldAccessKeyId: true,
      newAccessKeyId: true,
    },
  });
}
export type RotationSummary = Awaited<ReturnType<typeof listRotations>>[number];

/** The configured accounts an integration may live in, for the form. */
export async function listAccountChoices(caller: Caller): Promise<{ accountId: string; name: string }[]> {
  await requirePermission(caller, "integrations.manage");
  return db().awsAccount.findMany({ select: { accountId: true, name: true }, orderBy: { name: "asc" } });
}
