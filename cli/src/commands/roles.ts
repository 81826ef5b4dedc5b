import { signedInClient } from "../client.js";
import { listRoles } from "../credentials.js";
import { formatDuration } from "../duration.js";
import { print, say, table } from "../output.js";
import { keylessProfileName, roleReference } from "../profiles.js";

export async function roles(options: { json: boolean }): Promise<void> {
  const list = await listRoles(await signedInClient());
  if (options.json) {
    print(JSON.stringify(list, null, 2));
    return;
  }
  if (list.length === 0) {
    say("No AWS roles are mapped to your groups yet. Ask your platform team.");
    return;
  }
  print(
    table([
      ["ROLE", "ACCOUNT", "MAX", "PROFILE", "NOTE"],
      ...list.map((r) => [
        roleReference(r),
        r.accountName,
        formatDuration(r.maxDurationSeconds),
        r.requiresApproval ? "-" : keylessProfileName(r),
        r.requiresApproval ? "requires approval" : "",
      ]),
    ]),
  );
  say("\nUse one with: keyless credentials --role <ROLE>   (or `keyless configure` for AWS profiles)");
}
