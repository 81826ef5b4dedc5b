import type { Metadata } from "next";
import Link from "next/link";
import { KeyRound } from "lucide-react";
import { OwnKeysList } from "@/components/cli/own-keys-list";
import { Step } from "@/components/cli/step";
import { WhichCommand } from "@/components/cli/which-command";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { keylessProfileName, roleReference } from "@/cli/src/profiles";
import { requirePagePermission } from "@/lib/auth/current";
import { listUsableRoles } from "@/lib/credentials/role-list";
import type { UsableRole } from "@/lib/credentials/roles";
import { env } from "@/lib/env";
import { listOwnAccessKeys, type OwnAccessKey } from "@/lib/inventory/own-keys";

export const metadata: Metadata = { title: "Retire your access keys" };

/** Deactivate commands, with a profile in the key's own account when the person has one there. */
function retireCommands(keys: OwnAccessKey[], roles: UsableRole[]): string {
  const profileIn = (accountId: string) => {
    const role = roles.find((r) => r.accountId === accountId);
    return role ? ` \\\n    --profile ${keylessProfileName(role)}` : "";
  };
  if (keys.length === 0) {
    return [
      "aws iam update-access-key --status Inactive \\",
      "    --user-name <your IAM user> --access-key-id <AKIA…>",
      "# a week later, if nothing broke:",
      "aws iam delete-access-key \\",
      "    --user-name <your IAM user> --access-key-id <AKIA…>",
    ].join("\n");
  }
  return keys
    .map(
      (k) =>
        `aws iam update-access-key --status Inactive \\\n    --user-name ${k.userName} --access-key-id ${k.accessKeyId}${profileIn(k.accountId)}`,
    )
    .join("\n");
}

export default async function MigratePage() {
  const caller = await requirePagePermission("keys.read.own");
  const [own, roles] = await Promise.all([listOwnAccessKeys(caller), listUsableRoles(caller)]);
  const usable = roles.filter((r) => !r.requiresApproval);
  const example = usable[0];
  const profile = example ? keylessProfileName(example) : "keyless-<account>-<role>";
  const server = env().AUTH_URL;

  return (
    <>
      <PageHeader
        title="Retire your access keys"
        description="An access key in ~/.aws/credentials works until someone deletes it, wherever it was copied. The Keyless CLI gives every AWS tool credentials that expire within hours instead, after you sign in through SSO."
      />
      <section aria-labelledby="own-keys" className="mb-8">
        <h2 id="own-keys" className="mb-3 flex items-center gap-2 text-sm font-semibold text-slate-900">
          <KeyRound className="size-4 text-slate-500" aria-hidden /> Your IAM user keys
        </h2>
        {own.available ? (
          <OwnKeysList keys={own.keys} syncedAt={own.syncedAt} />
        ) : (
          <Alert tone="info" title="Keyless cannot list your keys yet">
            {own.reason} Look in your own files instead: every <code className="font-mono text-xs">aws_access_key_id</code> line in{" "}
            <code className="font-mono text-xs">~/.aws/credentials</code> is a key to retire.
          </Alert>
        )}
      </section>

      <h2 className="mb-3 text-sm font-semibold text-slate-900">Replace them with the CLI in three steps</h2>
      <ol className="space-y-4">
        <Step
          n={1}
          title="Install the CLI and sign in"
          body={`Sign-in happens in your browser through SSO. The terminal gets a token that refreshes itself for up to ${env().KEYLESS_CLI_SESSION_DAYS} days, which you can revoke on the CLI sessions page.`}
          code={`${env().KEYLESS_CLI_INSTALL_COMMAND}\nkeyless login --server ${server}`}
        />
        <Step
          n={2}
          title="Add AWS profiles for your roles"
          body={
            usable.length > 0 ? (
              <>
                This writes a profile per role to <code className="font-mono text-xs">~/.aws/config</code> (
                {usable.length === 1 ? "one role" : `${usable.length} roles`}: {usable.map((r) => keylessProfileName(r)).join(", ")}) and
                leaves your other profiles alone. Every AWS SDK and tool then gets fresh credentials by itself through{" "}
                <code className="font-mono text-xs">credential_process</code>.
              </>
            ) : (
              "This writes a profile per role you may use to ~/.aws/config and leaves your other profiles alone. (No role is mapped to your groups yet: ask your platform team.)"
            )
          }
          code={`keyless configure\naws sts get-caller-identity --profile ${profile}\nexport AWS_PROFILE=${profile}   # or pass --profile to each command`}
          note={
            example ? (
              <>
                One shell only? <code className="font-mono text-xs">eval &quot;$(keyless env --role {roleReference(example)})&quot;</code>
              </>
            ) : null
          }
        />
        <Step
          n={3}
          title="Delete the old key"
          body="Remove its lines from ~/.aws/credentials (and anywhere you copied it), then deactivate it in IAM, with a profile allowed to manage your IAM user. If nothing breaks for a week, delete it. Without those rights, ask your platform team."
          code={retireCommands(own.available ? own.keys : [], usable)}
        />
      </ol>
      <WhichCommand role={example ? roleReference(example) : "<account>/<role>"} profile={profile} />
      <p className="mt-6 text-sm text-slate-600">
        Signed in already? See your terminals on{" "}
        <Link href="/cli-sessions" className="text-brand-700 underline">
          CLI sessions
        </Link>
        , and everything the CLI can call on the{" "}
        <Link href="/api-docs" className="text-brand-700 underline">
          API page
        </Link>
        .
      </p>
    </>
  );
}
