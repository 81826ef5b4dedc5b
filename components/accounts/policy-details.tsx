"use client";

import { CopyButton } from "@/components/ui/copy-button";

// The IAM policies an admin pastes for Keyless: a vended role's trust policy, and in each
// account Keyless's own roles, the read-only inventory role and the rotation role (key
// rotation, provisioning, session revocation). The policies are generated on the server
// (lib/accounts/trust-policy.ts, rotation-permissions.ts).

export type InventoryInfo = { defaultRoleName: string; trustPolicy: string; permissions: string };
export type RotationInfo = { roleName: string; trustPolicy: string };

function PolicyBlock({ value, label, testId, tall }: { value: string; label: string; testId?: string; tall?: boolean }) {
  return (
    <>
      <div className="flex justify-end">
        <CopyButton value={value} label={label} />
      </div>
      <pre className={`${tall ? "max-h-96" : "max-h-56"} overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100`}>
        <code data-testid={testId}>{value}</code>
      </pre>
    </>
  );
}

export function TrustPolicyDetails({ trustPolicy }: { trustPolicy: string }) {
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        Paste this as the role&apos;s trust relationship in IAM. It lets Keyless assume the role for signed-in people, name them in
        CloudTrail (SourceIdentity) and tag their sessions.
      </p>
      <PolicyBlock value={trustPolicy} label="Copy policy" testId="trust-policy" tall />
    </div>
  );
}

export function InventoryRoleDetails({ roleArn, inventory }: { roleArn: string; inventory: InventoryInfo }) {
  return (
    <div className="space-y-3 text-sm text-slate-600">
      <p>
        Keyless lists this account&apos;s IAM users and access keys through a read-only role:{" "}
        <code className="font-mono text-xs break-all">{roleArn}</code>. It needs these read-only permissions (or the AWS managed
        IAMReadOnlyAccess):
      </p>
      <PolicyBlock value={inventory.permissions} label="Copy permissions" />
      <p>and this trust relationship, so that Keyless may assume it:</p>
      <PolicyBlock value={inventory.trustPolicy} label="Copy trust policy" />
    </div>
  );
}

export function RotationRoleDetails({
  accountId,
  rotation,
  revocationPermissions,
}: {
  accountId: string;
  rotation: RotationInfo;
  revocationPermissions: string | null;
}) {
  return (
    <div className="space-y-3 text-sm text-slate-600">
      <p>
        Keyless rotates keys, provisions approved access and revokes people&apos;s live AWS sessions in this account through{" "}
        <code className="font-mono text-xs break-all">{`arn:aws:iam::${accountId}:role/${rotation.roleName}`}</code>.
      </p>
      <h3 className="font-medium text-slate-800">Revoking live sessions</h3>
      <p>
        When someone&apos;s access ends, Keyless puts the inline policy <code className="font-mono text-xs">KeylessRevokedSessions</code> on
        each role they hold a session on (a deny for their sessions issued before that moment). Give the rotation role these permissions,
        scoped to the roles Keyless vends here; update them when you map or remove a role:
      </p>
      {revocationPermissions ? (
        <PolicyBlock value={revocationPermissions} label="Copy permissions" testId={`revocation-permissions-${accountId}`} />
      ) : (
        <p className="rounded-md bg-slate-50 p-3 text-xs" data-testid={`revocation-permissions-${accountId}`}>
          No role is mapped in this account yet: there is nothing to revoke sessions on.
        </p>
      )}
      <p>
        Key rotation and provisioning need their own permissions (IAM users and access keys): see <code>docs/deploy.md</code>. The role
        trusts Keyless like this:
      </p>
      <PolicyBlock value={rotation.trustPolicy} label="Copy trust policy" />
    </div>
  );
}
