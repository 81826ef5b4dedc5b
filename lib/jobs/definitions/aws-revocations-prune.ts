import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/enqueue";
import { awsRevocationsApplyJob } from "@/lib/jobs/definitions/aws-revocations-apply";
import { rolesNeedingApply } from "@/lib/lifecycle/revocation-apply";

// Every five minutes: roles whose revocation entries have outlived every session they
// could deny get their policy rewritten without them (deleted when none is left), and
// entries whose write failed for good (retries spent) are tried again until they expire.
export const awsRevocationsPruneJob = defineJob({
  name: "aws-revocations-prune",
  payload: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 2 },
  cron: () => "*/5 * * * *",
  handler: async () => {
    for (const roleArn of await rolesNeedingApply(new Date())) {
      await enqueue(awsRevocationsApplyJob, { roleArn }, { singletonKey: roleArn });
    }
  },
});
