import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { RolePicker } from "@/components/credentials/role-picker";
import { requirePageCaller } from "@/lib/auth/current";
import { listUsableRoles } from "@/lib/credentials/roles";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Credentials" };

export default async function CredentialsPage() {
  const caller = await requirePageCaller();
  const roles = await listUsableRoles(caller);
  return (
    <>
      <PageHeader
        title="AWS credentials"
        description="Pick a role to get temporary credentials for your terminal, or open the AWS console. They expire on their own; nothing is stored."
      />
      <RolePicker roles={roles} region={env().AWS_REGION} requestHref="/requests/new" />
    </>
  );
}
