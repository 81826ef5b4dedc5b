import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { assumeRole } from "@/lib/aws/sts";
import { assumeRoleParams } from "@/lib/credentials/sts-params";

// moto drops SourceIdentity and tags and does not bound durations, so the exact request
// Keyless sends to STS is asserted here, at the SDK boundary.
const sts = mockClient(STSClient);

beforeEach(() => {
  sts.reset();
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: "ASIATEST", SecretAccessKey: "s", SessionToken: "t", Expiration: new Date("2030-01-01T00:00:00Z") },
    AssumedRoleUser: { Arn: "arn:aws:sts::111111111111:assumed-role/Dev/alice@example.com", AssumedRoleId: "x" },
  });
});

describe("AssumeRole request", () => {
  it("names the person in RoleSessionName and SourceIdentity and tags email and groups", async () => {
    const client = new STSClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    const creds = await assumeRole(
      assumeRoleParams({ email: "Alice@Example.com", groups: ["engineering", "eng-managers"] }, "arn:aws:iam::111111111111:role/Dev", 7200),
      client,
    );
    expect(creds.accessKeyId).toBe("ASIATEST");
    const calls = sts.commandCalls(AssumeRoleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      RoleArn: "arn:aws:iam::111111111111:role/Dev",
      RoleSessionName: "alice@example.com",
      SourceIdentity: "alice@example.com",
      Tags: [
        { Key: "email", Value: "alice@example.com" },
        { Key: "groups", Value: "engineering:eng-managers" },
      ],
      DurationSeconds: 7200,
    });
  });

  it("sanitises an email AWS would refuse", async () => {
    const client = new STSClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    await assumeRole(assumeRoleParams({ email: "o'neil+ops@example.com", groups: [] }, "arn:aws:iam::1:role/R", 900), client);
    const input = sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input;
    expect(input?.RoleSessionName).toBe("o-neil+ops@example.com");
    expect(input?.SourceIdentity).toBe("o-neil+ops@example.com");
    expect(input?.Tags).toEqual([{ Key: "email", Value: "o_neil+ops@example.com" }]);
  });
});
