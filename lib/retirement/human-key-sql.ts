import "server-only";
import { Prisma } from "@/lib/db";
import { env } from "@/lib/env";

// Which keys are a person's own ("human") and which a service's. The owner tag cannot
// tell: it names who answers for a CI user as much as for a laptop key. A person's own key
// is an IAM user tagged kind=human (KEYLESS_INVENTORY_KIND_TAGS, case-insensitive) whose key
// no integration rotates; anything else counts as a service key, which is never offered for
// retirement (a service would break). Evaluated in SQL, so charts never load rows into JS.

const HUMAN_VALUES = ["human", "person"];

/** A boolean SQL expression over `access_keys k`. */
export function humanKeySql(): Prisma.Sql {
  const tagKeys = env().KEYLESS_INVENTORY_KIND_TAGS.map((t) => t.toLowerCase());
  return Prisma.sql`(k.integration_id IS NULL AND EXISTS (
    SELECT 1 FROM iam_users u CROSS JOIN LATERAL jsonb_each_text(CASE WHEN jsonb_typeof(u.tags) = 'object' THEN u.tags ELSE '{}'::jsonb END) tag
    WHERE u.id = k.iam_user_id AND lower(tag.key) = ANY(${tagKeys}::text[]) AND lower(tag.value) = ANY(${HUMAN_VALUES}::text[])))`;
}
