import { z } from "zod";
import { route } from "@/lib/api/route";
import { adoptSecret } from "@/lib/integrations/adopt-secret";
import { idParamsSchema } from "@/lib/integrations/schemas";

// A Secrets Manager integration's existing secret becomes Keyless's to write (tagged for
// it, audited). Secrets Keyless created need no adoption; another integration's is refused.
export const POST = route({
  permission: "integrations.manage",
  summary: "Adopt the existing Secrets Manager secret of an integration, so that rotations may write it",
  params: idParamsSchema,
  response: z.object({
    secretId: z.string(),
    state: z.enum(["ours", "legacy", "foreign", "absent", "unknown"]),
    detail: z.string(),
    adoptable: z.boolean(),
  }),
  errors: [409],
  handler: async ({ caller, params, reply }) => reply(await adoptSecret(caller, params.id)),
});
