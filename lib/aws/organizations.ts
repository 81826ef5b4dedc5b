import "server-only";
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { clientConfig, type AwsCredentials } from "@/lib/aws/config";
import { toAwsCallError } from "@/lib/aws/errors";
import { withTransientRetry } from "@/lib/aws/throttle";

export type OrganizationAccount = { accountId: string; name: string; status: string };

/** Every account of the organisation (ListAccounts), through the organizations role. */
export async function listOrganizationAccounts(credentials: AwsCredentials): Promise<OrganizationAccount[]> {
  const client = new OrganizationsClient(clientConfig(credentials));
  const accounts: OrganizationAccount[] = [];
  try {
    let token: string | undefined;
    do {
      const out = await withTransientRetry(() =>
        client.send(new ListAccountsCommand({ NextToken: token })).catch((e: unknown) => {
          throw toAwsCallError("Organizations", "ListAccounts", e);
        }),
      );
      for (const a of out.Accounts ?? []) {
        if (a.Id) accounts.push({ accountId: a.Id, name: a.Name ?? a.Id, status: a.State ?? a.Status ?? "UNKNOWN" });
      }
      token = out.NextToken;
    } while (token);
  } finally {
    client.destroy();
  }
  return accounts;
}
