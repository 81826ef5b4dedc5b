import "server-only";
import { z } from "zod";

// One PATCH operation as it arrives, before patch.ts checks its path and value. Its own
// module so that patch.ts (which checks it) and entra-compat.ts (which translates Entra ID's
// dialect of it) share the shape without importing each other.

export const patchOperation = z.object({ op: z.string().max(16), path: z.string().max(512).optional(), value: z.unknown().optional() });

export type PatchOperation = z.infer<typeof patchOperation>;
