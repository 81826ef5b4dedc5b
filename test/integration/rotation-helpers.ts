// Shared by the rotation tests: an IAM user with one key in moto, a target on the
// stand-ins holding that key, an integration over both, and ways to look at all three.
import { CreateUserCommand } from "@aws-sdk/client-iam";
import pg from "pg";
import { accountCredentials, createAccessKey, listAccessKeys, setAccessKeyStatus, type CreatedAccessKey } from "@/lib/aws/iam-keys";
import type { UserCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { createIntegration } from "@/lib/integrations/manage";
import { runRotationJob } from "@/lib/rotation/run";
import { bindTarget, type TargetType } from "@/lib/targets";
import { iamIn } from "../../scripts/sandbox/aws-clients";
import { standinServiceNamed } from "../../scripts/sandbox/standins/services";
import { motoUrl } from "./helpers";
import { apiUrls, standins, standinsUrl, STANDIN_TOKENS, unique } from "./targets-helpers";

export const ACCOUNT = "111111111111";

export async function createIamUser(userName: string): Promise<void> {
  const iam = await iamIn(motoUrl, ACCOUNT);
  await iam.send(new CreateUserCommand({ UserName: userName }));
  iam.destroy();
}

/** Whether a key id + secret would authenticate on real AWS (moto's own check is off). */
export async function keyIsValid(key: { accessKeyId?: string; secretAccessKey?: string } | null | undefined): Promise<boolean> {
  if (!key?.accessKeyId) return false;
  const res = await fetch(`${motoUrl}/_sandbox/iam/check-key`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ accountId: ACCOUNT, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }),
  });
  return ((await res.json()) as { valid: boolean }).valid;
}

export async function setLastUsed(userName: string, accessKeyId: string, date: Date): Promise<void> {
  const res = await fetch(`${motoUrl}/_sandbox/iam/access-key`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      accountId: ACCOUNT,
      userName,
      accessKeyId,
      lastUsed: { date: date.toISOString(), service: "s3", region: "us-east-1" },
    }),
  });
  if (!res.ok) throw new Error(`setLastUsed: ${res.status} ${await res.text()}`);
}

export type Fixture = { type: TargetType; settings: Record<string, unknown>; token: string | null; name: string };

/** A fresh place on the stand-ins (or in moto) for each target type. */
export async function targetFixture(type: TargetType, options: { healthUrl?: boolean } = {}): Promise<Fixture> {
  const name = unique("rot");
  switch (type) {
    case "github":
      await standins.githubRepo("acme", name);
      return { type, name, token: STANDIN_TOKENS.github, settings: { apiUrl: apiUrls.github, owner: "acme", repo: name } };
    case "gitlab":
      await standins.gitlabProject(`acme/${name}`);
      return { type, name: `acme/${name}`, token: STANDIN_TOKENS.gitlab, settings: { apiUrl: apiUrls.gitlab, project: `acme/${name}` } };
    case "travis":
      await standins.travisRepo(`acme/${name}`);
      return { type, name: `acme/${name}`, token: STANDIN_TOKENS.travis, settings: { apiUrl: apiUrls.travis, repository: `acme/${name}` } };
    case "circleci":
      await standins.circleProject(`gh/acme/${name}`);
      return {
        type,
        name: `gh/acme/${name}`,
        token: STANDIN_TOKENS.circleci,
        settings: { apiUrl: apiUrls.circleci, projectSlug: `gh/acme/${name}` },
      };
    case "secrets_manager":
      return { type, name, token: null, settings: { secretId: `${name}/aws` } };
    case "webhook": {
      const secret = `whsec_${unique("s")}`;
      await standins.webhookReceiver(name, secret);
      const url = `${standinsUrl}/webhook/${name}`;
      return { type, name, token: secret, settings: options.healthUrl === false ? { url } : { url, healthUrl: url } };
    }
    default: {
      // A target whose stand-in plugs in through standins/service.ts describes its own fixture.
      const service = standinServiceNamed(type);
      if (!service) throw new Error(`no stand-in for target type ${String(type)}`);
      const { what, body } = service.fixture.create(name);
      await standins.place(type, what, body);
      return { type, name, token: service.token, settings: service.fixture.settings(standinsUrl, name) };
    }
  }
}

/** What the stand-in holds, as the service stores it (the webhook: the last valid delivery). */
export async function heldByTarget(f: Fixture): Promise<{ accessKeyId?: string; secretAccessKey?: string } | null> {
  const s = await standins.state();
  const value = (vars: { key?: string; name?: string; value: string }[], n: string) => vars.find((v) => (v.key ?? v.name) === n)?.value;
  switch (f.type) {
    case "gitlab": {
      const vars = s.gitlab[f.name]?.variables ?? [];
      return { accessKeyId: value(vars, "AWS_ACCESS_KEY_ID"), secretAccessKey: value(vars, "AWS_SECRET_ACCESS_KEY") };
    }
    case "webhook": {
      const last = [...(s.webhooks[f.name]?.deliveries ?? [])].reverse().find((d) => d.signature === "valid");
      return last ? { accessKeyId: last.accessKeyId as string, secretAccessKey: last.secretAccessKey as string } : null;
    }
    case "github": {
      const secrets = s.github[`acme/${f.name}`]?.secrets ?? {};
      return { accessKeyId: secrets.AWS_ACCESS_KEY_ID?.value, secretAccessKey: secrets.AWS_SECRET_ACCESS_KEY?.value };
    }
    case "travis": {
      const vars = s.travis[f.name]?.envVars ?? [];
      return { accessKeyId: value(vars, "AWS_ACCESS_KEY_ID"), secretAccessKey: value(vars, "AWS_SECRET_ACCESS_KEY") };
    }
    case "circleci": {
      const vars = s.circleci[f.name]?.envVars ?? {};
      return { accessKeyId: vars.AWS_ACCESS_KEY_ID?.value, secretAccessKey: vars.AWS_SECRET_ACCESS_KEY?.value };
    }
    case "secrets_manager":
      return null; // read through AWS in the test that needs it
    default:
      return standinServiceNamed(f.type)?.fixture.held(s.services[f.type], f.name) ?? null;
  }
}

export type Setup = { integrationId: string; userName: string; fixture: Fixture; firstKey: CreatedAccessKey };

/** IAM user + one active key, the key pushed to the target (unless `push: false`), the integration. */
export async function setupIntegration(
  admin: UserCaller,
  type: TargetType,
  options: { graceSeconds?: number; push?: boolean; healthUrl?: boolean; leftover?: boolean } = {},
): Promise<Setup> {
  const userName = unique("svc");
  await createIamUser(userName);
  const fixture = await targetFixture(type, { healthUrl: options.healthUrl });
  const user = { accountId: ACCOUNT, userName };
  if (options.leftover) {
    const stale = await createAccessKey(user);
    await setAccessKeyStatus(user, stale.accessKeyId, "Inactive");
  }
  const firstKey = await createAccessKey(user);
  const integration = await createIntegration(admin, {
    name: unique(`it-${type}`),
    accountId: ACCOUNT,
    iamUserName: userName,
    targetType: type,
    targetSettings: fixture.settings,
    targetToken: fixture.token ?? undefined,
    rotationIntervalDays: 30,
    graceSeconds: options.graceSeconds ?? 0,
    ownerEmail: "owner@example.com",
    enabled: true,
  });
  if (options.push !== false && type !== "webhook") {
    const aws = type === "secrets_manager" ? { credentials: await accountCredentials(ACCOUNT) } : undefined;
    const runtime = { token: fixture.token, aws, integration: { id: integration.id, name: integration.name } };
    await bindTarget(type, integration.targetSettings).write(runtime, firstKey);
  }
  return { integrationId: integration.id, userName, fixture, firstKey };
}

export const keysOf = (userName: string) => listAccessKeys({ accountId: ACCOUNT, userName });

export const rotationRow = (id: string) => db().rotation.findUniqueOrThrow({ where: { id } });

/** Runs the job handler as a worker would, waking after the grace period, until the rotation ends. */
export async function runUntilDone(rotationId: string, maxRounds = 5) {
  for (let round = 0; round < maxRounds; round++) {
    await runRotationJob(rotationId, { retryCount: 0, retryLimit: 5 });
    const r = await rotationRow(rotationId);
    if ((r.status !== "waiting" && r.status !== "running") || round === maxRounds - 1) return r;
    if (r.graceUntil) await new Promise((ok) => setTimeout(ok, Math.max(0, r.graceUntil!.getTime() - Date.now()) + 50));
  }
  return rotationRow(rotationId);
}

/** Every row of every table (public and pg-boss) as text: nothing secret may be in it. */
export async function databaseText(): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL }); // the owner reads every table
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ schema: string; name: string }>(
      "SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE'",
    );
    const parts: string[] = [];
    for (const t of tables) {
      const { rows } = await client.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM "${t.schema}"."${t.name}" x`);
      parts.push(...rows.map((r) => r.j));
    }
    return parts.join("\n");
  } finally {
    await client.end();
  }
}
