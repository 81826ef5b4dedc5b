// Seeds moto with the sandbox's AWS side: in each demo account, the roles Keyless vends
// (with the trust policy and MaxSessionDuration a real account would have). Idempotent.
import { CreateRoleCommand, GetRoleCommand, NoSuchEntityException } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { trustPolicyFor } from "../../lib/accounts/trust-policy";
import { DEMO_ACCOUNTS, DEMO_ROLES } from "../../prisma/demo-data";
import { hubSts, iamIn } from "./aws-clients";

export async function seedAws(endpoint: string): Promise<void> {
  const server = await hubSts(endpoint).send(new GetCallerIdentityCommand({}));
  const serverPrincipalArn = server.Arn ?? "arn:aws:iam::123456789012:root";
  for (const account of DEMO_ACCOUNTS) {
    const iam = await iamIn(endpoint, account.accountId);
    for (const role of DEMO_ROLES.filter((r) => r.accountId === account.accountId)) {
      const exists = await iam.send(new GetRoleCommand({ RoleName: role.roleName })).then(
        () => true,
        (e: unknown) => {
          if (e instanceof NoSuchEntityException) return false;
          throw e;
        },
      );
      if (exists) continue;
      const policy =
        role.deliveryMode === "ASSUME_ROLE"
          ? trustPolicyFor({ mode: "ASSUME_ROLE", serverPrincipalArn })
          : trustPolicyFor({ mode: "WEB_IDENTITY", accountId: account.accountId, oidcIssuer: "http://localhost:4000", clientId: "keyless" });
      await iam.send(
        new CreateRoleCommand({
          RoleName: role.roleName,
          AssumeRolePolicyDocument: policy,
          MaxSessionDuration: role.maxDurationSeconds,
          Description: role.description,
        }),
      );
    }
    iam.destroy();
  }
}
