import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Every five minutes: roles whose revocation entries have outlived every session they
// could deny get their policy rewritten without them (deleted when none is left), and
// entries whose write failed for good (retries spent) are tried again until they expire.
export const awsRevocationsPruneJob = defineJob({
  name: "aws-revocations-prune",
  payload: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 2 },
  cron: () => "*/5 * * * *",
});
