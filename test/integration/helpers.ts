import { randomUUID } from "node:crypto";
import { STSClient } from "@aws-sdk/client-sts";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import type { UserCaller } from "@/lib/auth/caller";
import { rolesFromGroups } from "@/lib/auth/roles";
import { roleMapping } from "@/lib/auth/session-lookup";
import { clientConfig } from "@/lib/aws/config";
import { setServerStsClientForTests } from "@/lib/aws/sts";
import { db } from "@/lib/db";
import { allowAuditWrites, refuseAuditWrites } from "../support/refuse-audit";

/** A signed-in person for DAL calls, with a real users row (unique per test run), as a sign-in leaves it. */
export async function makeUser(name: string, groups: string[]): Promise<UserCaller> {
  const email = `${name}-${randomUUID().slice(0, 8)}@example.com`;
  const user = await db().user.create({
    data: { email, name, groups, lastSignInAt: new Date(), groupsCheckedAt: new Date() },
    select: { id: true },
  });
  return {
    kind: "user",
    userId: user.id,
    email,
    name,
    groups,
    roles: rolesFromGroups(groups, roleMapping()),
    via: "session",
    request: { requestId: randomUUID(), ip: "127.0.0.1", userAgent: "vitest" },
  };
}

export async function roleId(roleName: string): Promise<string> {
  const role = await db().awsRole.findFirstOrThrow({ where: { roleName }, select: { id: true } });
  return role.id;
}

export async function lastAudit(actorId: string, action: string) {
  return db().auditEvent.findFirst({ where: { actorId, action }, orderBy: { id: "desc" } });
}

/**
 * Runs `fn` while the database refuses every new audit entry, as a full disk or a revoked
 * grant would: a trigger that raises, made by the tables' owner (the app's role may not).
 */
export async function whileAuditRefused<T>(fn: () => Promise<T>): Promise<T> {
  const owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL });
  await owner.connect();
  const query = (text: string) => owner.query(text);
  try {
    await refuseAuditWrites(query, "integration");
    return await fn();
  } finally {
    await allowAuditWrites(query, "integration");
    await owner.end();
  }
}

export const motoUrl = process.env.KEYLESS_TEST_MOTO_URL ?? "";

/**
 * Counts the server's STS calls by command name (for "refused without reaching STS"):
 * installs a counting STS client for this file's tests and removes it after them.
 */
export function countStsCalls(): string[] {
  const calls: string[] = [];
  beforeAll(() => {
    const client = new STSClient(clientConfig());
    const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
    client.send = ((command: { constructor: { name: string } }) => {
      calls.push(command.constructor.name);
      return send(command);
    }) as typeof client.send;
    setServerStsClientForTests(client);
  });
  afterAll(() => setServerStsClientForTests(undefined));
  return calls;
}
