import { ListAttachedUserPoliciesCommand, ListUserPoliciesCommand, ListUsersCommand } from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { approveRequest, denyRequest } from "@/lib/approvals/decide";
import { createExternalAccessRequest } from "@/lib/approvals/external";
import { runProvisioning, type Provisioning } from "@/lib/approvals/provisioning";
import { listAccessKeys } from "@/lib/aws/iam-keys";
import { db } from "@/lib/db";
import { iamIn } from "../../scripts/sandbox/aws-clients";
import { makeUser, motoUrl } from "./helpers";
import { ACCOUNT, heldByTarget, keyIsValid, targetFixture } from "./rotation-helpers";

const POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:PutObject"], Resource: "arn:aws:s3:::acme-artifacts/*" }],
};

async function request(fixture: Awaited<ReturnType<typeof targetFixture>>, token = fixture.token) {
  const alice = await makeUser("alice", ["engineering"]);
  const mona = await makeUser("mona", ["engineering", "eng-managers"]);
  const r = await createExternalAccessRequest(alice, {
    kind: "EXTERNAL_ACCESS",
    serviceName: `CI ${fixture.name}`,
    accountId: ACCOUNT,
    targetType: fixture.type,
    targetSettings: fixture.settings,
    ...(token ? { targetToken: token } : {}),
    managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    inlinePolicy: JSON.stringify(POLICY),
    justification: "CI publishes build artifacts to S3",
    ownerEmail: alice.email,
    rotationIntervalDays: 30,
  });
  return { r, alice, mona };
}

async function iamUsersNamed(prefix: string) {
  const iam = await iamIn(motoUrl, ACCOUNT);
  const out = await iam.send(new ListUsersCommand({ PathPrefix: "/keyless/" }));
  iam.destroy();
  return (out.Users ?? []).filter((u) => u.UserName?.startsWith(prefix));
}

describe("external-service access", () => {
  it("an approved request ends with an IAM user holding exactly the requested policies, one key held by the target, and a rotation schedule", async () => {
    const fixture = await targetFixture("github");
    const { r, mona } = await request(fixture);
    await approveRequest(mona, r.id, "ok");
    await runProvisioning(r.id, false);

    const row = await db().accessRequest.findUniqueOrThrow({
      where: { id: r.id },
      select: { status: true, integrationId: true, provisioning: true },
    });
    expect(row.status, JSON.stringify(row.provisioning)).toBe("PROVISIONED");
    const userName = (row.provisioning as Provisioning).userName;
    const iam = await iamIn(motoUrl, ACCOUNT);
    const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName }));
    const inline = await iam.send(new ListUserPoliciesCommand({ UserName: userName }));
    iam.destroy();
    expect(attached.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    expect(inline.PolicyNames).toEqual(["keyless-inline"]);

    const keys = await listAccessKeys({ accountId: ACCOUNT, userName });
    expect(keys).toHaveLength(1);
    const held = await heldByTarget(fixture);
    expect(held?.accessKeyId).toBe(keys[0]?.accessKeyId);
    expect(await keyIsValid(held)).toBe(true);

    const integration = await db().integration.findUniqueOrThrow({
      where: { id: row.integrationId ?? "" },
      select: { iamUserName: true, nextRotationAt: true, rotationIntervalDays: true },
    });
    expect(integration.iamUserName).toBe(userName);
    expect(integration.rotationIntervalDays).toBe(30);
    expect((integration.nextRotationAt?.getTime() ?? 0) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    // The request's token is not readable through the normal client, and never plain.
    const raw = await db().$queryRaw<{ t: string | null }[]>`SELECT target_token_encrypted AS t FROM access_requests WHERE id = ${r.id}`;
    expect(raw[0]?.t).not.toContain(fixture.token ?? "");
  });

  it("a denied request creates nothing", async () => {
    const fixture = await targetFixture("gitlab");
    const { r, mona } = await request(fixture);
    await denyRequest(mona, r.id, "use OIDC federation instead");
    await runProvisioning(r.id, false);
    expect(await iamUsersNamed(`keyless-ci-${fixture.name.split("/")[1] ?? ""}`)).toEqual([]);
    expect((await db().accessRequest.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("DENIED");
  });

  it("a failing step undoes what provisioning created, and says why", async () => {
    const fixture = await targetFixture("github");
    const { r, mona } = await request(fixture, "ghp_not_a_valid_token_for_this_repo");
    await approveRequest(mona, r.id, "ok");
    await runProvisioning(r.id, false);
    const row = await db().accessRequest.findUniqueOrThrow({
      where: { id: r.id },
      select: { status: true, provisioning: true, integrationId: true },
    });
    const p = row.provisioning as Provisioning;
    expect(row.status).toBe("FAILED");
    expect(p.error).toMatch(/token was refused/i);
    expect(p.steps.map((s) => s.step)).toEqual(expect.arrayContaining(["create_user", "attach_policies", "create_key", "failed", "undo"]));
    expect(await iamUsersNamed(p.userName)).toEqual([]);
    expect(row.integrationId).toBeNull();
  });

  it("refuses a request whose inline policy is not a valid IAM policy", async () => {
    const fixture = await targetFixture("github");
    const alice = await makeUser("alice", ["engineering"]);
    await expect(
      createExternalAccessRequest(alice, {
        kind: "EXTERNAL_ACCESS",
        serviceName: "broken",
        accountId: ACCOUNT,
        targetType: "github",
        targetSettings: fixture.settings,
        targetToken: fixture.token ?? "",
        inlinePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}',
        justification: "CI publishes build artifacts to S3",
        ownerEmail: alice.email,
      }),
    ).rejects.toThrow(/service:Action/);
  });
});
