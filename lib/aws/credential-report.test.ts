import { describe, expect, it } from "vitest";
import { parseCredentialReport, reportEntryFor } from "@/lib/aws/credential-report";

const HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
const row = (user: string, k1: string, k2: string) =>
  `${user},arn:aws:iam::111111111111:user/${user},2020-01-01T00:00:00+00:00,false,not_supported,N/A,not_supported,false,${k1},${k2},false,N/A,false,N/A`;

describe("parseCredentialReport", () => {
  const csv = [
    HEADER,
    "<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,true,N/A,N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
    row("ci", "true,2026-01-02T03:04:05+00:00,2026-05-30T10:00:00+00:00,eu-west-1,s3", "false,2025-01-01T00:00:00+00:00,N/A,N/A,N/A"),
    row("quiet", "false,N/A,N/A,N/A,N/A", "false,N/A,N/A,N/A,N/A"),
    row("odd,name", "true,2026-02-02T00:00:00+00:00,N/A,N/A,N/A", "false,N/A,N/A,N/A,N/A"),
  ].join("\n");
  const rows = parseCredentialReport(csv);

  it("reads each key's state, creation and last use, and skips the root account", () => {
    expect([...rows.keys()]).toEqual(["ci", "quiet", "odd,name"]);
    expect(rows.get("ci")).toEqual([
      {
        active: true,
        lastRotated: new Date("2026-01-02T03:04:05Z"),
        lastUsed: { at: new Date("2026-05-30T10:00:00Z"), service: "s3", region: "eu-west-1" },
      },
      { active: false, lastRotated: new Date("2025-01-01T00:00:00Z"), lastUsed: { at: null, service: null, region: null } },
    ]);
    expect(rows.get("quiet")).toEqual([]);
  });

  it("keeps a user name with a comma whole (the report does not quote it)", () => {
    expect(rows.get("odd,name")?.[0]?.lastRotated).toEqual(new Date("2026-02-02T00:00:00Z"));
  });

  it("matches a key on its creation second, and refuses to guess between two", () => {
    expect(reportEntryFor(rows, "ci", new Date("2026-01-02T03:04:05.678Z"))?.lastUsed.service).toBe("s3");
    expect(reportEntryFor(rows, "ci", new Date("2026-01-02T03:04:06Z"))).toBeNull();
    expect(reportEntryFor(rows, "nobody", new Date("2026-01-02T03:04:05Z"))).toBeNull();
    const twins = parseCredentialReport(
      [HEADER, row("twins", "true,2026-01-01T00:00:00+00:00,N/A,N/A,N/A", "true,2026-01-01T00:00:00+00:00,N/A,N/A,N/A")].join("\n"),
    );
    expect(reportEntryFor(twins, "twins", new Date("2026-01-01T00:00:00Z"))).toBeNull();
  });
});
