import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { guardedRequest, ResponseTooLargeError, TargetAddressRefusedError } from "@/lib/net/guarded-request";
import { checkTargetUrl, type Resolver, type TargetNetworkPolicy } from "@/lib/net/target-policy";

// The connection itself obeys the address policy: a real local server stands for a target,
// and a resolver stub plays the DNS answers (including an attacker's rebinding).

const sandbox: TargetNetworkPolicy = { allowInsecure: true, allowlist: [] };
const production: TargetNetworkPolicy = { allowInsecure: false, allowlist: [] };

let server: Server;
let port = 0;
let hits: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    if (req.url === "/big") return res.end("x".repeat(2 * 1024 * 1024));
    if (req.url === "/redirect") return res.writeHead(302, { location: "http://169.254.169.254/" }).end();
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ got: body })));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
beforeEach(() => {
  hits = [];
});

const stub = (...answers: string[][]): Resolver & { calls: number } => {
  const resolve = Object.assign(
    async () => {
      const answer = answers[Math.min(resolve.calls, answers.length - 1)] ?? [];
      resolve.calls++;
      return answer;
    },
    { calls: 0 },
  );
  return resolve;
};

const refusal = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TargetAddressRefusedError);
  return (error as TargetAddressRefusedError).refusal.code;
};

describe("guardedRequest", () => {
  it("reaches an allowed target through the resolver's answer, body and status intact", async () => {
    const res = await guardedRequest(
      { method: "POST", url: `http://standin.test:${port}/x`, headers: { "content-type": "text/plain" }, body: "hello" },
      sandbox,
      stub(["127.0.0.1"]),
    );
    expect(res.status).toBe(201);
    expect(JSON.parse(res.text)).toEqual({ got: "hello" });
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(hits).toEqual(["POST /x"]);
  });

  it("refuses before connecting when the name resolves to this machine outside the sandbox", async () => {
    expect(
      await refusal(guardedRequest({ method: "GET", url: `https://standin.test:${port}/`, headers: {} }, production, stub(["127.0.0.1"]))),
    ).toBe("loopback");
    expect(hits).toEqual([]);
  });

  it("catches DNS rebinding: allowed when saved, the metadata service when connecting", async () => {
    const rebinding = stub(["127.0.0.1"], ["169.254.169.254"]);
    const url = `http://rebind.test:${port}/latest/meta-data/`;
    expect(await checkTargetUrl(url, sandbox, rebinding)).toBeNull(); // the check when the settings were saved
    expect(await refusal(guardedRequest({ method: "GET", url, headers: {} }, sandbox, rebinding))).toBe("metadata");
    expect(rebinding.calls).toBe(2);
    expect(hits).toEqual([]);
  });

  it("refuses a literal address without asking DNS", async () => {
    const resolver = stub(["127.0.0.1"]);
    expect(await refusal(guardedRequest({ method: "GET", url: "http://169.254.169.254/", headers: {} }, sandbox, resolver))).toBe(
      "metadata",
    );
    expect(await refusal(guardedRequest({ method: "GET", url: "https://[fd00:ec2::254]/", headers: {} }, sandbox, resolver))).toBe(
      "metadata",
    );
    expect(await refusal(guardedRequest({ method: "GET", url: `http://127.0.0.1:${port}/`, headers: {} }, production, resolver))).toBe(
      "loopback",
    );
    expect(resolver.calls).toBe(0);
  });

  it("does not follow redirects", async () => {
    const res = await guardedRequest({ method: "GET", url: `http://127.0.0.1:${port}/redirect`, headers: {} }, sandbox);
    expect(res.status).toBe(302);
    expect(hits).toEqual(["GET /redirect"]);
  });

  it("stops reading an answer past its cap", async () => {
    const error = await guardedRequest(
      { method: "GET", url: `http://127.0.0.1:${port}/big`, headers: {}, maxResponseBytes: 64 * 1024 },
      sandbox,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
  });
});
