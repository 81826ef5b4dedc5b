import { describe, expect, it } from "vitest";
import { REVOCATION_IAM_ACTIONS, revocationPermissions, vendedRoleArnsIn } from "@/lib/accounts/rotation-permissions";
import { decide } from "@/test/support/iam-simulator";

// The rotation role's revocation permissions, evaluated by a real IAM policy engine: the
// calls Keyless makes are allowed on the roles it vends, and on nothing else.

const ACCOUNT = "111111111111";
const ROTATION_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/KeylessRotation/keyless-rotation`;
const VENDED = [`arn:aws:iam::${ACCOUNT}:role/SandboxDeveloper`, `arn:aws:iam::${ACCOUNT}:role/teams/data/SandboxAnalyst`];
const ELSEWHERE = "arn:aws:iam::222222222222:role/ProductionAdmin";

function call(policy: string, action: string, resource: string, resourceAccount = ACCOUNT) {
  return decide({
    principal: ROTATION_SESSION,
    action,
    resource,
    resourceAccount,
    identityPolicies: [{ name: "KeylessRevokeSessions", policy }],
  });
}

describe("revocationPermissions", () => {
  const policy = revocationPermissions(ACCOUNT, [...VENDED, ELSEWHERE])!;

  it("allows every call the revocation makes, on each role Keyless vends in the account", async () => {
    for (const role of VENDED) {
      for (const action of REVOCATION_IAM_ACTIONS) {
        expect(await call(policy, action, role), `${action} ${role}`).toBe("Allowed");
      }
    }
  });

  it("allows nothing on any other role: its own, the inventory role, an unmapped one, another account's", async () => {
    const others = [
      `arn:aws:iam::${ACCOUNT}:role/KeylessRotation`,
      `arn:aws:iam::${ACCOUNT}:role/KeylessInventory`,
      `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`,
      `arn:aws:iam::${ACCOUNT}:role/SandboxDeveloper2`,
      `arn:aws:iam::${ACCOUNT}:role/other/SandboxDeveloper`,
    ];
    for (const role of others) {
      for (const action of REVOCATION_IAM_ACTIONS) expect(await call(policy, action, role), `${action} ${role}`).toBe("ImplicitlyDenied");
    }
    expect(await call(policy, "iam:PutRolePolicy", ELSEWHERE, "222222222222")).toBe("ImplicitlyDenied");
  });

  it("allows no other action on the vended roles (trust, managed policies, deletion, passing them)", async () => {
    for (const action of [
      "iam:UpdateAssumeRolePolicy",
      "iam:AttachRolePolicy",
      "iam:PutRolePermissionsBoundary",
      "iam:DeleteRolePermissionsBoundary",
      "iam:DeleteRole",
      "iam:UpdateRole",
      "iam:TagRole",
      "iam:PassRole",
    ]) {
      expect(await call(policy, action, VENDED[0]!), action).toBe("ImplicitlyDenied");
    }
    expect(await call(policy, "iam:CreateRole", `arn:aws:iam::${ACCOUNT}:role/Backdoor`)).toBe("ImplicitlyDenied");
  });

  it("lists only this account's roles, once each and sorted, and nothing when none is vended there", () => {
    expect(vendedRoleArnsIn(ACCOUNT, [VENDED[1]!, ELSEWHERE, VENDED[0]!, VENDED[1]!, "not-an-arn"])).toEqual([...VENDED].sort());
    expect(revocationPermissions("333333333333", VENDED)).toBeNull();
    expect(JSON.parse(policy)).toMatchObject({ Statement: [{ Effect: "Allow", Resource: [...VENDED].sort() }] });
  });
});
