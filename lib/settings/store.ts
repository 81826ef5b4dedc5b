import "server-only";
import type { z } from "zod";
import { db, type Prisma } from "@/lib/db";
import { logger } from "@/lib/logger";

// Settings admins change in the UI, kept as JSON under a key. Each reader owns a zod
// schema and a default: a missing row means the default, and a row that no longer parses
// (an older shape) is logged and ignored rather than breaking the pages that read it.
// Callers check permissions; this module only stores.

export async function readSetting<S extends z.ZodType>(key: string, schema: S, fallback: z.infer<S>): Promise<z.infer<S>> {
  const row = await db().setting.findUnique({ where: { key }, select: { value: true } });
  if (!row) return fallback;
  const parsed = schema.safeParse(row.value);
  if (parsed.success) return parsed.data;
  logger().warn({ key, issues: parsed.error.issues }, "stored setting is invalid; using the default");
  return fallback;
}

export async function writeSetting(key: string, value: unknown, updatedBy: string | null): Promise<void> {
  const json = value as Prisma.InputJsonValue;
  await db().setting.upsert({ where: { key }, create: { key, value: json, updatedBy }, update: { value: json, updatedBy }, select: { key: true } });
}

export async function settingUpdatedAt(key: string): Promise<{ updatedAt: Date; updatedBy: string | null } | null> {
  return db().setting.findUnique({ where: { key }, select: { updatedAt: true, updatedBy: true } });
}
