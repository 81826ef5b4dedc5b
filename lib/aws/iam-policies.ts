import "server-only";
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import { clientConfig, type AwsCredentials } from "@/lib/aws/config";
import { AwsCallError, toAwsCallError } from "@/lib/aws/errors";

// Reading policy documents for the request risk analysis, with the credentials of the
// account's inventory role (read-only calls, listed in inventoryPermissions()). Documents
// come back as JSON text, decoded: IAM sends them URL-encoded (RFC 3986).

export type ManagedPolicyDocument = { arn: string; versionId: string; document: string };
export type RolePolicies = { attached: string[]; inline: { name: string; document: string }[] };

/** IAM's URL-encoded document → JSON text (already-decoded text passes through). */
export function decodePolicyDocument(raw: string): string {
  const text = raw.trimStart();
  return text.startsWith("{") ? raw : decodeURIComponent(raw);
}

export class IamPolicyReader {
  private readonly client: IAMClient;

  /** `timeoutMs` bounds each HTTP attempt: a request page waits for this, a job can wait longer. */
  constructor(credentials: AwsCredentials, timeoutMs: number) {
    this.client = new IAMClient({
      ...clientConfig(credentials),
      maxAttempts: 2,
      requestHandler: { connectionTimeout: Math.min(timeoutMs, 3_000), requestTimeout: timeoutMs, throwOnRequestTimeout: true },
    });
  }

  private async send<T>(operation: string, run: (c: IAMClient) => Promise<T>): Promise<T> {
    try {
      return await run(this.client);
    } catch (error) {
      throw toAwsCallError("IAM", operation, error);
    }
  }

  /** The managed policy's default version (GetPolicy, then GetPolicyVersion). */
  async managedPolicy(arn: string): Promise<ManagedPolicyDocument> {
    const policy = await this.send("GetPolicy", (c) => c.send(new GetPolicyCommand({ PolicyArn: arn })));
    const versionId = policy.Policy?.DefaultVersionId;
    if (!versionId)
      throw new AwsCallError("IAM", "GetPolicy", "IncompleteResponse", `IAM returned no default version for ${arn}`, undefined, false);
    const version = await this.send("GetPolicyVersion", (c) =>
      c.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })),
    );
    const document = version.PolicyVersion?.Document;
    if (!document)
      throw new AwsCallError("IAM", "GetPolicyVersion", "IncompleteResponse", `IAM returned no document for ${arn}`, undefined, false);
    return { arn, versionId, document: decodePolicyDocument(document) };
  }

  /** The role's attached managed policies (ARNs) and its inline policies (documents). */
  async rolePolicies(roleName: string): Promise<RolePolicies> {
    const attached: string[] = [];
    let marker: string | undefined;
    do {
      const out = await this.send("ListAttachedRolePolicies", (c) =>
        c.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker, MaxItems: 100 })),
      );
      for (const p of out.AttachedPolicies ?? []) if (p.PolicyArn) attached.push(p.PolicyArn);
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
    const names: string[] = [];
    do {
      const out = await this.send("ListRolePolicies", (c) =>
        c.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker: marker, MaxItems: 100 })),
      );
      names.push(...(out.PolicyNames ?? []));
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
    const inline = await Promise.all(
      names.map(async (name) => {
        const out = await this.send("GetRolePolicy", (c) => c.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name })));
        return { name, document: decodePolicyDocument(out.PolicyDocument ?? "") };
      }),
    );
    return { attached, inline };
  }

  close(): void {
    this.client.destroy();
  }
}
