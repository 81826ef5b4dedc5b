import { describe, expect, it } from "vitest";
import {
  issuableAfter,
  policySize,
  renderRevocationPolicy,
  REVOCATION_POLICY_NAME,
  ROLE_INLINE_POLICY_QUOTA,
  type RevocationEntry,
} from "@/lib/lifecycle/revocation-policy";
import { ALLOW_TEST_CALLS, decide, sessionContext, type Decision } from "@/test/support/iam-simulator";

// The revoking policy proven with a real IAM policy evaluator: what it denies and allows,
// for direct and chained sessions, web-identity sessions, and after compaction.

const ACCOUNT = "111111111111";
const ROLE = "SandboxDeveloper";
const NOW = new Date("2026-12-06T10:00:00.300Z");
const HOUR = 3_600_000;

const entry = (sourceIdentity: string, revokedBefore: Date, expiresInMs = 12 * HOUR): RevocationEntry => ({
  sourceIdentity,
  revokedBefore,
  expiresAt: new Date(revokedBefore.getTime() + expiresInMs),
});

/** A call made with a session on the role that carries the policy. */
async function call(
  document: string,
  session: { sourceIdentity?: string; issuedAt: Date; sessionName?: string; userid?: string },
  action = "s3:GetObject",
): Promise<Decision> {
  const resource =
    action === "sts:AssumeRole" ? `arn:aws:iam::${ACCOUNT}:role/Other` : action === "s3:GetObject" ? "arn:aws:s3:::data/report.csv" : "*";
  return decide({
    principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/${session.sessionName ?? session.sourceIdentity ?? "someone"}`,
    action,
    resource,
    resourceAccount: ACCOUNT,
    context: sessionContext(session),
    identityPolicies: [
      { name: "Developer", policy: ALLOW_TEST_CALLS },
      { name: REVOCATION_POLICY_NAME, policy: document },
    ],
  });
}

const before = (d: Date, ms = 1000) => new Date(d.getTime() - ms);
const after = (d: Date, ms = 1000) => new Date(d.getTime() + ms);

describe("KeylessRevokedSessions, evaluated", () => {
  const alice = "alice@example.com";
  const bob = "bob@example.com";
  const doc = renderRevocationPolicy([entry(alice, NOW)], NOW).document!;

  it("denies everything to alice's session issued before the revocation", async () => {
    for (const action of ["s3:GetObject", "ec2:DescribeInstances", "sts:AssumeRole"]) {
      expect(await call(doc, { sourceIdentity: alice, issuedAt: before(NOW, 3 * HOUR) }, action)).toBe("ExplicitlyDenied");
    }
    // Issued in the same second, a moment before: TokenIssueTime has whole seconds.
    expect(await call(doc, { sourceIdentity: alice, issuedAt: new Date("2026-12-06T10:00:00Z") })).toBe("ExplicitlyDenied");
  });

  it("allows alice's session issued after it, and bob's at any time", async () => {
    expect(await call(doc, { sourceIdentity: alice, issuedAt: issuableAfter(NOW) })).toBe("Allowed");
    expect(await call(doc, { sourceIdentity: alice, issuedAt: after(NOW, HOUR) }, "ec2:DescribeInstances")).toBe("Allowed");
    for (const issuedAt of [before(NOW, 3 * HOUR), before(NOW, 1), after(NOW, HOUR)]) {
      expect(await call(doc, { sourceIdentity: bob, issuedAt })).toBe("Allowed");
    }
    // Names are compared exactly: a look-alike is somebody else.
    expect(await call(doc, { sourceIdentity: `x${alice}`, issuedAt: before(NOW) })).toBe("Allowed");
  });

  it("denies a session chained from alice's (SourceIdentity persists, whatever the session name)", async () => {
    const chained = { sourceIdentity: alice, sessionName: "nightly-export", issuedAt: before(NOW, 10 * 60_000) };
    expect(await call(doc, chained)).toBe("ExplicitlyDenied");
    expect(await call(doc, chained, "sts:AssumeRole")).toBe("ExplicitlyDenied");
  });

  it("matches web-identity sessions by the session name Keyless chose (no SourceIdentity there)", async () => {
    const web = renderRevocationPolicy([entry(alice, NOW)], NOW, { match: "session-name" }).document!;
    const userid = (name: string) => `AROAEXAMPLEROLEID1234:${name}`;
    expect(await call(web, { sessionName: alice, userid: userid(alice), issuedAt: before(NOW) })).toBe("ExplicitlyDenied");
    expect(await call(web, { sessionName: alice, userid: userid(alice), issuedAt: issuableAfter(NOW) })).toBe("Allowed");
    expect(await call(web, { sessionName: bob, userid: userid(bob), issuedAt: before(NOW) })).toBe("Allowed");
    expect(await call(web, { sessionName: `x${alice}`, userid: userid(`x${alice}`), issuedAt: before(NOW) })).toBe("Allowed");
  });

  it("names two people revoked at different moments, each with their own moment", async () => {
    const later = after(NOW, 90_000);
    const both = renderRevocationPolicy([entry(alice, NOW), entry(bob, later)], NOW);
    expect(both.mode).toBe("exact");
    expect(await call(both.document!, { sourceIdentity: alice, issuedAt: after(NOW, 30_000) })).toBe("Allowed");
    expect(await call(both.document!, { sourceIdentity: bob, issuedAt: after(NOW, 30_000) })).toBe("ExplicitlyDenied");
  });

  it("keeps only a person's latest moment, and drops entries that expired", async () => {
    const r = renderRevocationPolicy(
      [entry(alice, before(NOW, HOUR)), entry(alice, NOW), entry(bob, before(NOW, 13 * HOUR), 12 * HOUR)],
      NOW,
    );
    expect(r).toMatchObject({ mode: "exact", people: 1, expired: 1 });
    expect(r.document).not.toContain(bob);
    expect(await call(r.document!, { sourceIdentity: alice, issuedAt: before(NOW, 30_000) })).toBe("ExplicitlyDenied");
    expect(renderRevocationPolicy([entry(bob, before(NOW, 13 * HOUR), 12 * HOUR)], NOW)).toMatchObject({ document: null, expired: 1 });
  });

  it("is the policy the spec names: Deny * on * for SourceIdentity and TokenIssueTime", () => {
    expect(JSON.parse(doc)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "KeylessRevoked1",
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: {
            StringEquals: { "aws:SourceIdentity": alice },
            // Rounded up to the second: 10:00:00.300 → 10:00:01.
            DateLessThan: { "aws:TokenIssueTime": "2026-12-06T10:00:01Z" },
          },
        },
      ],
    });
  });
});

/** Many people revoked at many moments (a mass offboarding), each entry checked. */
function crowd(people: number, spacingMs: number, name = (i: number) => `person.number${i}@example.com`): RevocationEntry[] {
  return Array.from({ length: people }, (_, i) => entry(name(i), new Date(NOW.getTime() - (people - i) * spacingMs)));
}

async function expectEveryEntryDenied(document: string, entries: RevocationEntry[]) {
  for (const e of entries) {
    expect(await call(document, { sourceIdentity: e.sourceIdentity, issuedAt: before(e.revokedBefore) }), e.sourceIdentity).toBe(
      "ExplicitlyDenied",
    );
  }
}

describe("KeylessRevokedSessions after compaction", () => {
  it("compacts many moments under the budget and still denies every entry; others are allowed", async () => {
    const entries = crowd(120, 7_000, (i) => `p${i}@example.com`);
    const r = renderRevocationPolicy(entries, NOW);
    expect(r.mode).toBe("compacted");
    expect(r.fits).toBe(true);
    expect(policySize(r.document!)).toBeLessThanOrEqual(ROLE_INLINE_POLICY_QUOTA);
    expect(r.people).toBe(120);
    await expectEveryEntryDenied(r.document!, entries);
    for (const outsider of ["carol@example.com", "p1200@example.com", "p1@example.co"]) {
      expect(await call(r.document!, { sourceIdentity: outsider, issuedAt: before(NOW, 12 * HOUR) })).toBe("Allowed");
    }
    // Each person's sessions after their rounded moment... at the latest after the latest one.
    expect(await call(r.document!, { sourceIdentity: "p0@example.com", issuedAt: issuableAfter(NOW) })).toBe("Allowed");
  });

  it("counts the role's other inline policies: a smaller budget compacts harder, never less safely", async () => {
    const entries = crowd(40, 60_000, (i) => `dev${i}@example.com`);
    const roomy = renderRevocationPolicy(entries, NOW);
    const tight = renderRevocationPolicy(entries, NOW, { budget: 2_500 });
    expect(roomy.mode).toBe("exact");
    expect(tight.mode).toBe("compacted");
    expect(tight.document!.length).toBeLessThanOrEqual(2_500);
    await expectEveryEntryDenied(tight.document!, entries);
    expect(await call(tight.document!, { sourceIdentity: "ops@example.com", issuedAt: before(NOW, HOUR) })).toBe("Allowed");
  });

  it("falls back to denying every older session on the role when even one statement cannot name everyone", async () => {
    const entries = crowd(400, 11_000);
    const r = renderRevocationPolicy(entries, NOW);
    expect(r.mode).toBe("role-wide");
    expect(r.fits).toBe(true);
    expect(r.document!.length).toBeLessThanOrEqual(ROLE_INLINE_POLICY_QUOTA);
    await expectEveryEntryDenied(r.document!, entries);
    // Everyone's sessions from before the latest revocation go too; later ones work.
    expect(await call(r.document!, { sourceIdentity: "carol@example.com", issuedAt: before(NOW, HOUR) })).toBe("ExplicitlyDenied");
    expect(await call(r.document!, { issuedAt: before(NOW, HOUR) })).toBe("ExplicitlyDenied");
    expect(await call(r.document!, { sourceIdentity: "carol@example.com", issuedAt: issuableAfter(NOW) })).toBe("Allowed");
  });

  it("says when nothing fits (the other inline policies take the whole quota)", () => {
    expect(renderRevocationPolicy([entry("alice@example.com", NOW)], NOW, { budget: 100 })).toMatchObject({
      mode: "role-wide",
      fits: false,
    });
  });
});
