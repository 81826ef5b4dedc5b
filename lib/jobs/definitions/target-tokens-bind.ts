import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { logger } from "@/lib/logger";

// Once when a worker starts: binds target tokens sealed before bindings existed to the
// endpoint their settings name (lib/integrations/legacy-tokens.ts). Idempotent.
export const targetTokensBindJob = defineJob({
  name: "target-tokens-bind",
  payload: z.object({}).passthrough(),
  queue: { policy: "short", retryLimit: 2, retryDelay: 60 },
  runAtStart: true,
  handler: async () => {
    const { bindLegacyTargetTokens } = await import("@/lib/targets/legacy-tokens");
    const done = await bindLegacyTargetTokens();
    logger().info(done, "legacy target tokens bound to their endpoints");
  },
});
