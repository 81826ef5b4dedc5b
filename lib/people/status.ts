// How a person's access stands, in words: the status column alone does not say who ended it,
// and who ended it decides who may restore it (lib/lifecycle/restore-access.ts).

export type PersonStatus = "active" | "suspended" | "deprovisioned";
export type SuspendedBy = "admin" | "scim" | "idp";

export type AccessState = "active" | "suspended-admin" | "deactivated-scim" | "refused-idp" | "deprovisioned";

export function accessState(status: PersonStatus, suspendedBy: SuspendedBy | null): AccessState {
  if (status === "active") return "active";
  if (status === "deprovisioned") return "deprovisioned";
  if (suspendedBy === "scim") return "deactivated-scim";
  if (suspendedBy === "idp") return "refused-idp";
  // A suspension with no recorded source is treated as an admin's: only an admin lifts it.
  return "suspended-admin";
}

export const ACCESS_STATE_LABEL: Record<AccessState, string> = {
  active: "Active",
  "suspended-admin": "Suspended by admin",
  "deactivated-scim": "Deactivated by IdP (SCIM)",
  "refused-idp": "Refused by IdP",
  deprovisioned: "Deprovisioned",
};

/** Whether an admin may reactivate from the People page (the lifecycle module decides; this only hides the button). */
export function adminMayReactivate(status: PersonStatus, suspendedBy: SuspendedBy | null): boolean {
  return accessState(status, suspendedBy) === "suspended-admin";
}
