import { z } from "zod";
import { ROLES } from "@/lib/permissions";

export const meResponseSchema = z.object({
  email: z.string(),
  name: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  groups: z.array(z.string()),
  awsSessionsRevokedAt: z.string().nullable(),
});
