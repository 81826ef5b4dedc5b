import type { Metadata } from "next";
import { AccountsAdmin } from "@/components/accounts/accounts-admin";
import { PageHeader } from "@/components/ui/card";
import { listAccountsWithRoles } from "@/lib/accounts/manage";
import { revocationPermissions } from "@/lib/accounts/rotation-permissions";
import { inventoryPermissions, inventoryTrustPolicy, rotationTrustPolicy, trustPolicyFor } from "@/lib/accounts/trust-policy";
import { requirePagePermission } from "@/lib/auth/current";
import { getServerIdentity } from "@/lib/aws/identity";
import { env } from "@/lib/env";
import { deleteAccountAction, deleteRoleAction, saveAccountAction, saveRoleAction } from "./actions";

export const metadata: Metadata = { title: "Accounts & roles" };

export default async function AccountsPage() {
  const caller = await requirePagePermission("accounts.manage");
  const [accounts, identity] = await Promise.all([listAccountsWithRoles(caller), getServerIdentity()]);
  const principal = identity?.principalArn ?? "arn:aws:iam::<keyless-account>:role/<keyless-server-role>";
  const withPolicies = accounts.map((a) => ({
    ...a,
    revocationPermissions: revocationPermissions(
      a.accountId,
      a.roles.map((r) => r.roleArn),
    ),
    roles: a.roles.map((r) => ({
      ...r,
      trustPolicy: trustPolicyFor(
        r.deliveryMode === "ASSUME_ROLE"
          ? { mode: "ASSUME_ROLE", serverPrincipalArn: principal }
          : { mode: "WEB_IDENTITY", accountId: a.accountId, oidcIssuer: env().OIDC_ISSUER, clientId: env().OIDC_CLIENT_ID },
      ),
    })),
  }));
  return (
    <>
      <PageHeader title="Accounts & roles" description="The AWS accounts Keyless reaches, and which groups may use which role." />
      <AccountsAdmin
        accounts={withPolicies}
        serverPrincipal={identity?.principalArn ?? null}
        inventory={{
          defaultRoleName: env().KEYLESS_INVENTORY_ROLE_NAME,
          trustPolicy: inventoryTrustPolicy(principal),
          permissions: inventoryPermissions(),
        }}
        rotation={{ roleName: env().KEYLESS_ROTATION_ROLE_NAME, trustPolicy: rotationTrustPolicy(principal) }}
        actions={{
          saveAccount: saveAccountAction,
          deleteAccount: deleteAccountAction,
          saveRole: saveRoleAction,
          deleteRole: deleteRoleAction,
        }}
      />
    </>
  );
}
