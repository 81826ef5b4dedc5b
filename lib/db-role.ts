import "server-only";
import { sql } from "@/lib/db";
import { logger } from "@/lib/logger";

// ADR 020: the app and the worker connect as keyless_app, which may only append to the
// audit log. A deployment that still gives them the owner's connection string works, but
// that protection is gone without anyone noticing: say so once at start, loudly.

type RoleRow = { role: string; owner: boolean; superuser: boolean };

export async function warnIfOwnerRole(process: "app" | "worker"): Promise<void> {
  const [row] = await sql<RoleRow>(
    `SELECT current_user AS role, pg_has_role(current_user, tableowner, 'MEMBER') AS owner,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser
       FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_events'`,
  );
  if (!row || (!row.owner && !row.superuser)) return;
  logger().warn(
    { role: row.role, process },
    "DATABASE_URL connects as the owner of the tables or a superuser: this process could rewrite the audit log. " +
      "Connect as keyless_app and keep the owner for migrations (MIGRATION_DATABASE_URL; docs/deploy.md, Database).",
  );
}
