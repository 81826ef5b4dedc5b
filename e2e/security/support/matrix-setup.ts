import { expect } from "@playwright/test";
import { USERS } from "../../users";
import { knownIntegration, useFreshSessions as freshSessionsFrom } from "./action-matrix";
import { known, latest } from "./api-matrix";
import { as, integration } from "./fixtures";
import { api } from "./http";
import { signInHeadless } from "./sign-in";

/**
 * What the matrix cells read before they run (the access matrix and the fail-closed spec):
 * an integration of the suite's own, its rotation and an inventory run; and cells that would
 * end their caller's sessions get sessions of their own.
 */
export async function prepareMatrixCells(): Promise<void> {
  const own = await integration();
  known.integrationId = own.id;
  knownIntegration.id = own.id;
  if (!(await latest("rotation"))) expect((await api(as("adam"), "POST", `/api/v1/integrations/${own.id}/rotate`)).status).toBe(202);
  if (!(await latest("sync"))) expect((await api(as("adam"), "POST", "/api/v1/inventory/sync")).status).toBe(202);
  known.rotationId = (await latest("rotation")) ?? "";
  known.syncId = (await latest("sync")) ?? "";
  freshSessionsFrom(async (user) => {
    const trace = await signInHeadless({ email: USERS[user].email });
    await trace.context.dispose();
    if (!trace.session) throw new Error(`no session for ${user}: ${trace.location}`);
    return trace.session;
  });
}
