// Seeds the demo integrations (run by stack.ts as a child process with the sandbox's
// environment and the "react-server" condition, so it uses the real data access code).
// For each: the IAM user in moto with one active key, that key pushed to its stand-in,
// and the integration row (token sealed like the app does). Idempotent: an existing row is
// kept as an admin may have edited it; moto and the stand-ins start empty each run, so the
// key is created and pushed again, through the integration's stored settings.
import { CreateUserCommand, GetUserCommand, NoSuchEntityException } from "@aws-sdk/client-iam";
import { accountCredentials, createAccessKey, deleteAccessKey, listAccessKeys } from "@/lib/aws/iam-keys";
import { db } from "@/lib/db";
import { openTargetToken, sealTargetToken } from "@/lib/targets/token";
import { bindTarget, isTargetType, observationMatches, parseTargetSettings } from "@/lib/targets";
import { iamIn } from "./aws-clients";
import { DEMO_INTEGRATIONS, type DemoIntegration } from "./demo-integrations";

const DAY_MS = 86_400_000;
const standinsUrl = process.env.KEYLESS_SEED_STANDINS_URL ?? "";
const motoUrl = process.env.KEYLESS_AWS_ENDPOINT_URL ?? "";

async function ensureIamUser(d: DemoIntegration): Promise<void> {
  const iam = await iamIn(motoUrl, d.accountId);
  try {
    await iam.send(new GetUserCommand({ UserName: d.iamUserName }));
  } catch (error) {
    if (!(error instanceof NoSuchEntityException)) throw error;
    await iam.send(
      new CreateUserCommand({
        UserName: d.iamUserName,
        Tags: [
          { Key: "owner", Value: d.ownerEmail },
          { Key: "managed-by", Value: "keyless" },
        ],
      }),
    );
  } finally {
    iam.destroy();
  }
}

async function ensureRow(d: DemoIntegration) {
  const account = await db().awsAccount.findUniqueOrThrow({ where: { accountId: d.accountId }, select: { id: true } });
  const where = { awsAccountId_iamUserName: { awsAccountId: account.id, iamUserName: d.iamUserName } };
  const select = {
    id: true,
    name: true,
    targetType: true,
    targetSettings: true,
    targetTokenEncrypted: true,
    targetTokenBinding: true,
  } as const;
  const existing = await db().integration.findUnique({ where, select });
  if (existing) return existing;
  const now = new Date();
  const last = d.lastRotatedDaysAgo === undefined ? null : new Date(now.getTime() - d.lastRotatedDaysAgo * DAY_MS);
  const targetSettings = parseTargetSettings(d.targetType, d.settings(standinsUrl));
  const row = await db().integration.create({
    data: {
      name: d.name,
      awsAccountId: account.id,
      iamUserName: d.iamUserName,
      targetType: d.targetType,
      targetSettings,
      rotationIntervalDays: d.rotationIntervalDays,
      graceSeconds: d.graceSeconds,
      ownerEmail: d.ownerEmail,
      lastRotatedAt: last,
      nextRotationAt: new Date((last ?? now).getTime() + d.rotationIntervalDays * DAY_MS),
    },
    select: { id: true },
  });
  const sealed = d.token ? { ...sealTargetToken(row.id, d.token, d.targetType, targetSettings), targetTokenSetAt: now } : {};
  return db().integration.update({ where: { id: row.id }, data: sealed, select });
}

/** One active key at AWS, held by the target: the first rotation's precondition. */
async function ensureKeyAtTarget(d: DemoIntegration, row: Awaited<ReturnType<typeof ensureRow>>): Promise<string> {
  if (!isTargetType(row.targetType)) return "skipped (unknown target type)";
  const user = { accountId: d.accountId, userName: d.iamUserName };
  const target = bindTarget(row.targetType, row.targetSettings);
  const runtime = {
    token: openTargetToken(row, row.targetTokenEncrypted),
    integration: { id: row.id, name: row.name },
    aws: row.targetType === "secrets_manager" ? { credentials: await accountCredentials(d.accountId) } : undefined,
  };
  const keys = await listAccessKeys(user);
  const active = keys.filter((k) => k.status === "Active");
  if (keys.length === 1 && active[0] && observationMatches(await target.currentKeyId(runtime), active[0].accessKeyId) === true)
    return `holds ${active[0].accessKeyId}`;
  for (const k of keys) await deleteAccessKey(user, k.accessKeyId);
  const key = await createAccessKey(user);
  await target.write(runtime, key);
  return `pushed ${key.accessKeyId}`;
}

/** Rotations left mid-way by a previous run cannot continue: moto and the stand-ins were reset. */
async function closeStaleRotations(integrationId: string): Promise<void> {
  await db().rotation.updateMany({
    where: { integrationId, status: { in: ["running", "waiting"] } },
    data: {
      status: "failed",
      error: "The sandbox restarted while this rotation was under way (moto and the stand-ins start empty).",
      finishedAt: new Date(),
      alertedAt: new Date(),
    },
  });
}

async function main() {
  if (!standinsUrl || !motoUrl) throw new Error("KEYLESS_SEED_STANDINS_URL and KEYLESS_AWS_ENDPOINT_URL are required");
  for (const d of DEMO_INTEGRATIONS) {
    await ensureIamUser(d);
    const row = await ensureRow(d);
    await closeStaleRotations(row.id);
    const outcome = await ensureKeyAtTarget(d, row).catch((e: unknown) => `not pushed: ${e instanceof Error ? e.message : String(e)}`);
    console.log(`${d.name}: ${outcome}`);
  }
  await db().$disconnect();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
