import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  issuableAfter,
  policySize,
  renderRevocationPolicy,
  REVOCATION_POLICY_NAME,
  type RevocationEntry,
  type RevocationMatch,
} from "@/lib/lifecycle/revocation-policy";
import { ALLOW_TEST_CALLS, decide, sessionContext } from "@/test/support/iam-simulator";

// For any revocation rows and any budget the role leaves, the rendered policy fits and
// denies, per the real evaluator, every session each live row covers: compaction may deny
// more, never less. Outside the role-wide last resort, nobody else is touched.

const ACCOUNT = "111111111111";
const NOW = new Date("2026-12-06T12:00:00.000Z").getTime();
const HOUR = 3_600_000;

async function decision(document: string, match: RevocationMatch, identity: string, issuedAt: Date) {
  return decide({
    principal: `arn:aws:sts::${ACCOUNT}:assumed-role/Shared/${identity}`,
    action: "s3:GetObject",
    resource: "arn:aws:s3:::data/report.csv",
    resourceAccount: ACCOUNT,
    context: sessionContext(
      match === "source-identity" ? { sourceIdentity: identity, issuedAt } : { userid: `AROASHAREDROLEID:${identity}`, issuedAt },
    ),
    identityPolicies: [
      { name: "Shared", policy: ALLOW_TEST_CALLS },
      { name: REVOCATION_POLICY_NAME, policy: document },
    ],
  });
}

const identity = fc.stringMatching(/^[a-z][a-z0-9._+-]{0,24}@[a-z]{1,8}\.(com|io)$/);
const entries = fc.array(
  fc.record({
    who: fc.nat(40),
    // Revocations over the last six hours, to the millisecond; expiring up to 13 h later.
    offset: fc.integer({ min: 0, max: 6 * HOUR }),
    lifetime: fc.integer({ min: 15 * 60_000, max: 13 * HOUR }),
  }),
  { minLength: 1, maxLength: 60 },
);

describe("renderRevocationPolicy, for any rows and budget", () => {
  it("always fits and never under-revokes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(identity, { minLength: 41, maxLength: 41 }),
        entries,
        fc.integer({ min: 200, max: 10_240 }),
        fc.constantFrom<RevocationMatch>("source-identity", "session-name"),
        async (people, raw, budget, match) => {
          const rows: RevocationEntry[] = raw.map((r) => {
            const revokedBefore = NOW - r.offset;
            return {
              sourceIdentity: people[r.who]!,
              revokedBefore: new Date(revokedBefore),
              expiresAt: new Date(revokedBefore + r.lifetime),
            };
          });
          const now = new Date(NOW);
          const rendered = renderRevocationPolicy(rows, now, { budget, match });
          const live = rows.filter((r) => r.expiresAt.getTime() > NOW);
          if (live.length === 0) {
            expect(rendered.document).toBeNull();
            return;
          }
          expect(rendered.fits).toBe(true);
          expect(policySize(rendered.document!)).toBeLessThanOrEqual(budget);
          for (const row of live) {
            const justBefore = new Date(row.revokedBefore.getTime() - 1000);
            expect(await decision(rendered.document!, match, row.sourceIdentity, justBefore)).toBe("ExplicitlyDenied");
          }
          // Nobody's session issued after the latest revocation is denied.
          const latest = new Date(Math.max(...live.map((r) => r.revokedBefore.getTime())));
          expect(await decision(rendered.document!, match, live[0]!.sourceIdentity, issuableAfter(latest))).toBe("Allowed");
          if (rendered.mode !== "role-wide") {
            expect(await decision(rendered.document!, match, "outsider@example.org", new Date(NOW - 12 * HOUR))).toBe("Allowed");
            const gone = people.find((p) => rows.some((r) => r.sourceIdentity === p) && !live.some((r) => r.sourceIdentity === p));
            if (gone) expect(await decision(rendered.document!, match, gone, new Date(NOW - 12 * HOUR))).toBe("Allowed");
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
