import { describe, expect, it } from "vitest";
import {
  approverGroupsFor,
  approverGroupsOf,
  canDecide,
  canRequest,
  describeSummary,
  summarize,
  type Decidable,
  type Person,
  type Rule,
  type Target,
} from "@/lib/approvals/approver-rules-match";

// Approver rules as a table: for each set of rules and request, who may request, which
// groups approve, and who may decide.

const rule = (r: Partial<Rule>): Rule => ({
  awsRoleId: null,
  awsAccountId: null,
  kind: null,
  requesterGroups: ["*"],
  approverGroups: ["eng-managers"],
  ...r,
});
const SEED = rule({}); // the demo's: anyone requests, eng-managers approve
const deployOnly = rule({ awsRoleId: "deploy", requesterGroups: ["engineering"], approverGroups: ["release-managers"] });
const prodAccount = rule({ awsAccountId: "prod", requesterGroups: ["sre"], approverGroups: ["sre-leads"] });
const prodExternal = rule({ awsAccountId: "prod", kind: "EXTERNAL_ACCESS", requesterGroups: ["*"], approverGroups: ["security"] });
const dataGlobal = rule({ kind: "EXTERNAL_ACCESS", requesterGroups: ["data"], approverGroups: ["data-leads"] });

const deploy: Target = { kind: "ROLE_ACCESS", awsRoleId: "deploy", awsAccountId: "prod" };
const prodRead: Target = { kind: "ROLE_ACCESS", awsRoleId: "read", awsAccountId: "prod" };
const sandboxDev: Target = { kind: "ROLE_ACCESS", awsRoleId: "dev", awsAccountId: "sandbox" };
const prodService: Target = { kind: "EXTERNAL_ACCESS", awsRoleId: null, awsAccountId: "prod" };
const sandboxService: Target = { kind: "EXTERNAL_ACCESS", awsRoleId: null, awsAccountId: "sandbox" };

type Row = {
  name: string;
  rules: Rule[];
  target: Target;
  groups: string[];
  tier: string;
  mayRequest: boolean;
  approvers: string[];
};

const TABLE: Row[] = [
  {
    name: "no rules: anyone requests, admins decide",
    rules: [],
    target: deploy,
    groups: ["engineering"],
    tier: "none",
    mayRequest: true,
    approvers: [],
  },
  {
    name: "the seed's global rule",
    rules: [SEED],
    target: deploy,
    groups: ["engineering"],
    tier: "global",
    mayRequest: true,
    approvers: ["eng-managers"],
  },
  {
    name: "a role rule replaces the global one",
    rules: [SEED, deployOnly],
    target: deploy,
    groups: ["engineering"],
    tier: "role",
    mayRequest: true,
    approvers: ["release-managers"],
  },
  {
    name: "a role rule refuses groups it does not name",
    rules: [SEED, deployOnly],
    target: deploy,
    groups: ["sales"],
    tier: "role",
    mayRequest: false,
    approvers: [],
  },
  {
    name: "a role rule leaves the account's other roles alone",
    rules: [SEED, deployOnly],
    target: prodRead,
    groups: ["sales"],
    tier: "global",
    mayRequest: true,
    approvers: ["eng-managers"],
  },
  {
    name: "an account rule applies to its roles",
    rules: [SEED, prodAccount],
    target: prodRead,
    groups: ["sre"],
    tier: "account",
    mayRequest: true,
    approvers: ["sre-leads"],
  },
  {
    name: "an account rule refuses other requesters",
    rules: [SEED, prodAccount],
    target: prodRead,
    groups: ["engineering"],
    tier: "account",
    mayRequest: false,
    approvers: [],
  },
  {
    name: "role beats account",
    rules: [SEED, prodAccount, deployOnly],
    target: deploy,
    groups: ["engineering"],
    tier: "role",
    mayRequest: true,
    approvers: ["release-managers"],
  },
  {
    name: "an account rule leaves other accounts alone",
    rules: [SEED, prodAccount],
    target: sandboxDev,
    groups: ["engineering"],
    tier: "global",
    mayRequest: true,
    approvers: ["eng-managers"],
  },
  {
    name: "a kind-specific account rule skips other kinds",
    rules: [SEED, prodExternal],
    target: prodRead,
    groups: ["engineering"],
    tier: "global",
    mayRequest: true,
    approvers: ["eng-managers"],
  },
  {
    name: "a kind-specific account rule applies to its kind",
    rules: [SEED, prodExternal],
    target: prodService,
    groups: ["engineering"],
    tier: "account",
    mayRequest: true,
    approvers: ["security"],
  },
  {
    name: "global rules add up by requester group",
    rules: [SEED, dataGlobal],
    target: sandboxService,
    groups: ["data"],
    tier: "global",
    mayRequest: true,
    approvers: ["eng-managers", "data-leads"],
  },
  {
    name: "a global kind rule does not apply to the other kind",
    rules: [dataGlobal],
    target: sandboxDev,
    groups: ["data"],
    tier: "none",
    mayRequest: true,
    approvers: [],
  },
  {
    name: "a global kind rule names its requesters",
    rules: [dataGlobal],
    target: sandboxService,
    groups: ["engineering"],
    tier: "global",
    mayRequest: false,
    approvers: [],
  },
  {
    name: "several rules on one role: each names its own approvers",
    rules: [deployOnly, rule({ awsRoleId: "deploy", requesterGroups: ["sre"], approverGroups: ["sre-leads"] })],
    target: deploy,
    groups: ["sre"],
    tier: "role",
    mayRequest: true,
    approvers: ["sre-leads"],
  },
  {
    name: "someone in two requester groups gets both rules' approvers",
    rules: [deployOnly, rule({ awsRoleId: "deploy", requesterGroups: ["sre"], approverGroups: ["sre-leads"] })],
    target: deploy,
    groups: ["sre", "engineering"],
    tier: "role",
    mayRequest: true,
    approvers: ["release-managers", "sre-leads"],
  },
];

describe("approver rules", () => {
  it.each(TABLE)("$name", ({ rules, target, groups, tier, mayRequest, approvers }) => {
    const eligibility = canRequest(groups, target, rules);
    expect(eligibility.tier).toBe(tier);
    expect(eligibility.ok).toBe(mayRequest);
    const request: Decidable = { ...target, requesterId: "requester", requesterGroups: groups };
    expect(approverGroupsFor(request, rules).sort()).toEqual([...approvers].sort());
  });

  it("says who may request when it refuses", () => {
    const refused = canRequest(["sales"], deploy, [SEED, deployOnly, rule({ awsRoleId: "deploy", requesterGroups: ["sre"] })]);
    expect(refused).toEqual({ ok: false, tier: "role", requesterGroups: ["engineering", "sre"] });
  });

  it("asks every approver group of a role for break-glass, whoever used it", () => {
    const two = [deployOnly, rule({ awsRoleId: "deploy", requesterGroups: ["sre"], approverGroups: ["sre-leads"] })];
    expect(approverGroupsOf(deploy, two).sort()).toEqual(["release-managers", "sre-leads"]);
    expect(approverGroupsOf(deploy, [])).toEqual([]);
  });
});

const mona: Person = { userId: "mona", groups: ["engineering", "eng-managers"], roles: ["engineer", "manager"] };
const rita: Person = { userId: "rita", groups: ["release-managers"], roles: ["engineer", "manager"] };
const adam: Person = { userId: "adam", groups: ["aws-admins"], roles: ["engineer", "admin"] };
const alice: Person = { userId: "alice", groups: ["engineering"], roles: ["engineer"] };
const aliceAsks: Decidable = { ...deploy, requesterId: "alice", requesterGroups: ["engineering"] };

describe("canDecide", () => {
  const CASES: { who: string; person: Person; rules: Rule[]; request?: Decidable; ok: boolean; via?: string }[] = [
    { who: "a manager in the rule's approver group", person: mona, rules: [SEED], ok: true, via: "rule" },
    { who: "that manager once a role rule names another group", person: mona, rules: [SEED, deployOnly], ok: false },
    { who: "the role rule's approver", person: rita, rules: [SEED, deployOnly], ok: true, via: "rule" },
    { who: "an admin, with rules", person: adam, rules: [SEED, deployOnly], ok: true, via: "admin" },
    { who: "an admin, with no rule at all", person: adam, rules: [], ok: true, via: "admin" },
    { who: "a manager, with no rule at all", person: mona, rules: [], ok: false },
    { who: "an engineer in an approver group", person: { ...alice, groups: ["eng-managers"] }, rules: [SEED], ok: false },
    {
      who: "an admin deciding their own request",
      person: { ...adam, userId: "alice" },
      rules: [SEED],
      request: aliceAsks,
      ok: false,
    },
    {
      who: "an approver whose rule does not name the requester",
      person: rita,
      rules: [deployOnly],
      request: { ...aliceAsks, requesterGroups: ["sales"] },
      ok: false,
    },
  ];
  it.each(CASES)("$who: $ok", ({ person, rules, request, ok, via }) => {
    const result = canDecide(person, request ?? aliceAsks, rules);
    expect(result.ok).toBe(ok);
    if (via) expect(result).toEqual({ ok: true, via });
  });

  it("never lets someone decide their own request, with a reason", () => {
    expect(canDecide({ ...mona, userId: "alice" }, aliceAsks, [SEED])).toEqual({
      ok: false,
      reason: "Nobody may decide their own request.",
    });
  });
});

describe("summaries", () => {
  it("reads as an admin says it", () => {
    expect(describeSummary("ProductionDeploy", summarize(deploy, [SEED]))).toBe(
      "ProductionDeploy: requested by anyone; approved by eng-managers",
    );
    expect(describeSummary("ProductionDeploy", summarize(deploy, [SEED, deployOnly]))).toBe(
      "ProductionDeploy: requested by engineering; approved by release-managers",
    );
    expect(describeSummary("ProductionDeploy", summarize(deploy, []))).toBe(
      "ProductionDeploy: requested by anyone; approved by admins only (no rule applies)",
    );
    const two = summarize(deploy, [
      deployOnly,
      rule({ awsRoleId: "deploy", requesterGroups: ["sre", "oncall"], approverGroups: ["sre-leads"] }),
    ]);
    expect(describeSummary("ProductionDeploy", two)).toBe(
      "ProductionDeploy: requested by engineering; approved by release-managers · requested by sre, oncall; approved by sre-leads",
    );
  });
});
