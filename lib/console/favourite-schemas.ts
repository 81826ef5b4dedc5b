import { z } from "zod";
import { consoleRegionSchema, consoleServiceSchema } from "@/lib/console/destination";
import { roleIdSchema } from "@/lib/credentials/schemas";

// A console favourite as the credentials page's star submits it. The service and region are
// the deep link's own checks (lib/console/destination.ts), both required: a favourite is a
// page of the console, not the console's start page.

export const MAX_FAVOURITES = 20;

export const addConsoleFavouriteSchema = z.strictObject({
  roleId: roleIdSchema,
  service: consoleServiceSchema,
  region: consoleRegionSchema,
  label: z
    .string()
    .trim()
    .max(60, "must be at most 60 characters")
    .regex(/^[^\x00-\x1f\x7f<>]*$/, "must not contain control characters or < >")
    .optional()
    .transform((v) => v || undefined),
});
export type AddConsoleFavourite = z.output<typeof addConsoleFavouriteSchema>;

export const consoleFavouriteIdSchema = z.strictObject({
  id: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[\w-]+$/, "is not a valid id"),
});

export type ConsoleFavouriteView = { id: string; roleId: string; service: string; region: string; label: string };
