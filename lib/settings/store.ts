import "server-only";
import type { z } from "zod";
import { db, type Prisma, type Tx } from "@/lib/db";
import { logger } from "@/lib/logger";

// Settings admins change in the UI, kept as JSON under a key. Each reader owns a zod
// schema and a default: a missing row means the default, and a row that no longer parses
// (an older shape) is logged and ignored rather than breaking the pages that read it.
// Callers check permissions; this module only stores.

export type SettingMeta = { updatedAt: Date; updatedBy: string | null };

/** The value (or the fallback), and who last set it (null: never set). */
export async function readSetting<S extends z.ZodType>(
  key: string,
  schema: S,
  fallback: z.infer<S>,
): Promise<{ value: z.infer<S>; meta: SettingMeta | null }> {
  const row = await db().setting.findUnique({ where: { key }, select: { value: true, updatedAt: true, updatedBy: true } });
  if (!row) return { value: fallback, meta: null };
  const meta = { updatedAt: row.updatedAt, updatedBy: row.updatedBy };
  const parsed = schema.safeParse(row.value);
  if (parsed.success) return { value: parsed.data, meta };
  logger().warn({ key, issues: parsed.error.issues }, "stored setting is invalid; using the default");
  return { value: fallback, meta };
}

export async function writeSetting(key: string, value: unknown, updatedBy: string | null, tx: Pick<Tx, "setting"> = db()): Promise<void> {
  const json = value as Prisma.InputJsonValue;
  await tx.setting.upsert({
    where: { key },
    create: { key, value: json, updatedBy },
    update: { value: json, updatedBy },
    select: { key: true },
  });
}
