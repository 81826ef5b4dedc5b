// Seeds the demo integrations (run by stack.ts as a child process with the sandbox's
// environment and the "react-server" condition, so it uses the real data access code).
// For each: the IAM user in moto with one active key, that key pushed to its stand-in,
// and the integration row (token sealed like the app does). Idempotent: an existing row is
// kept as an admin may have edited it; when moto or the stand-ins start empty (the test
// sandbox, or a demo whose kept state is gone) the key is created and pushed again, through
// the integration's stored settings. A rotation the previous run left under way continues
// when its keys survived the restart (ADR 023), and is failed clearly when they did not.
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

type Row = Awaited<ReturnType<typeof ensureRow>>;

/** The integration's IAM user and its target, bound as the worker binds them. */
async function bind(d: DemoIntegration, row: Row) {
  if (!isTargetType(row.targetType)) return null;
  return {
    user: { accountId: d.accountId, userName: d.iamUserName },
    target: bindTarget(row.targetType, row.targetSettings),
    runtime: {
      token: openTargetToken(row, row.targetTokenEncrypted),
      integration: { id: row.id, name: row.name },
      aws: row.targetType === "secrets_manager" ? { credentials: await accountCredentials(d.accountId) } : undefined,
    },
  };
}

/** One active key at AWS, held by the target: the first rotation's precondition. */
async function ensureKeyAtTarget(d: DemoIntegration, row: Row): Promise<string> {
  const bound = await bind(d, row);
  if (!bound) return "skipped (unknown target type)";
  const { user, target, runtime } = bound;
  const keys = await listAccessKeys(user);
  const active = keys.filter((k) => k.status === "Active");
  if (keys.length === 1 && active[0] && observationMatches(await target.currentKeyId(runtime), active[0].accessKeyId) === true)
    return `holds ${active[0].accessKeyId}`;
  for (const k of keys) await deleteAccessKey(user, k.accessKeyId);
  const key = await createAccessKey(user);
  await target.write(runtime, key);
  return `pushed ${key.accessKeyId}`;
}

type UnderWay = { id: string; step: string; oldAccessKeyId: string | null; newAccessKeyId: string | null };

/**
 * Whether a rotation under way can continue: moto still has the integration's user and the
 * keys the rotation recorded, and the target holds one of them. Checked before anything is
 * created, so a moto that started empty shows as a missing user.
 */
async function survived(d: DemoIntegration, row: Row, rotation: UnderWay): Promise<boolean> {
  const bound = await bind(d, row);
  if (!bound) return false;
  const atAws = await listAccessKeys(bound.user).then(
    (keys) => keys.map((k) => k.accessKeyId),
    () => null,
  );
  if (atAws === null) return false; // the user is gone: AWS started empty
  const ids = [rotation.newAccessKeyId, rotation.oldAccessKeyId].filter((id): id is string => id !== null);
  if (ids.length === 0) return true; // nothing changed at AWS or the target yet
  if (!ids.some((id) => atAws.includes(id))) return false;
  const held = await bound.target.currentKeyId(bound.runtime).catch(() => null);
  return held !== null && ids.some((id) => observationMatches(held, id) !== false);
}

/** A rotation the previous run left under way: left to the worker, or failed with the reason. */
async function reconcileRotation(d: DemoIntegration, row: Row): Promise<string | null> {
  const rotation = await db().rotation.findFirst({
    where: { integrationId: row.id, status: { in: ["running", "waiting"] } },
    select: { id: true, step: true, oldAccessKeyId: true, newAccessKeyId: true },
  });
  if (!rotation) return null;
  // Whatever the check cannot settle (AWS or the target unreachable) counts as lost.
  if (await survived(d, row, rotation).catch(() => false))
    return `rotation under way (step ${rotation.step}) continues: its keys survived the restart`;
  await db().rotation.updateMany({
    where: { id: rotation.id, status: { in: ["running", "waiting"] } },
    data: {
      status: "failed",
      error:
        "The sandbox restarted while this rotation was under way and its AWS or stand-in state was lost " +
        "(moto and the stand-ins started empty), so the rotation cannot continue.",
      finishedAt: new Date(),
      alertedAt: new Date(),
    },
  });
  return null;
}

async function main() {
  if (!standinsUrl || !motoUrl) throw new Error("KEYLESS_SEED_STANDINS_URL and KEYLESS_AWS_ENDPOINT_URL are required");
  for (const d of DEMO_INTEGRATIONS) {
    const row = await ensureRow(d);
    const continuing = await reconcileRotation(d, row);
    if (continuing) {
      console.log(`${d.name}: ${continuing}`);
      continue;
    }
    await ensureIamUser(d);
    const outcome = await ensureKeyAtTarget(d, row).catch((e: unknown) => `not pushed: ${e instanceof Error ? e.message : String(e)}`);
    console.log(`${d.name}: ${outcome}`);
  }
  await db().$disconnect();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
