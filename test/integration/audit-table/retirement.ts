// Audit table rows for the retirement of people's own keys (lib/retirement).
import { UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { finishRetirement } from "@/lib/retirement/delete";
import { retireKey, undoRetirement } from "@/lib/retirement/retire";
import { makeUser } from "../helpers";
import { iamIn } from "../inventory-helpers";
import { RETIRE_ACCOUNT, seedRetirement } from "../retirement-helpers";
import { on, row, type AuditTable } from "./expect";

const DAY = 86_400_000;
const people = async () => ({
  owner: await makeUser("audit-retire-owner", ["engineering"]),
  other: await makeUser("audit-retire-other", ["engineering"]),
  adam: await makeUser("audit-adam", ["aws-admins"]),
});

export const retirementCases = {
  "key.retire": {
    how: "an admin retires a key ready to retire, then undoes it",
    cause: async () => {
      const { owner, other, adam } = await people();
      const f = await seedRetirement(owner, other);
      const r = await retireKey(adam, { accessKeyId: f.human });
      await undoRetirement(adam, { retirementId: r.retirementId });
      return [
        row(adam, "key.retire", "success", on("access_key", f.human)),
        row(adam, "key.retire_undo", "success", on("access_key", f.human)),
      ];
    },
  },
  "key.retire_undo": { alongside: "key.retire" },
  "key.retire_delete": {
    how: "the job deletes a retired key; and keeps one reactivated outside Keyless (denied)",
    cause: async () => {
      const { owner, other, adam } = await people();
      const a = await seedRetirement(owner, other);
      const b = await seedRetirement(owner, other);
      const ra = await retireKey(adam, { accessKeyId: a.human });
      const rb = await retireKey(adam, { accessKeyId: b.human });
      const iam = await iamIn(RETIRE_ACCOUNT);
      await iam.send(new UpdateAccessKeyCommand({ UserName: b.userOf[b.human], AccessKeyId: b.human, Status: "Active" }));
      const later = new Date(Date.now() + 30 * DAY);
      await finishRetirement(ra.retirementId, later);
      await finishRetirement(rb.retirementId, later);
      return [
        row("system:key-retirement", "key.retire_delete", "success", on("access_key", a.human)),
        row("system:key-retirement", "key.retire_delete", "denied", on("access_key", b.human)),
      ];
    },
  },
} satisfies Partial<AuditTable>;
