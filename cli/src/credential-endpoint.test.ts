import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { containerCredentials, isLoopback, startEndpoint, type Endpoint } from "./credential-endpoint.js";

const issued = { accessKeyId: "ASIAEXAMPLE", secretAccessKey: "s3cr3t", sessionToken: "t0ken", expiration: "2026-12-06T21:00:00.000Z" };

function get(port: number, headers: Record<string, string>, path = "/credentials", method = "GET") {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers, setHost: false }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

let endpoint: Endpoint | null = null;
afterEach(async () => endpoint?.close());

describe("the local credential endpoint", () => {
  it("answers the token's holder in the ECS shape, and nobody else", async () => {
    const log: { status: number; line: string }[] = [];
    let calls = 0;
    endpoint = await startEndpoint({ credentials: async () => (calls++, issued), addresses: ["127.0.0.1"], log: (e) => log.push(e) });
    const { port, token } = endpoint;
    expect(endpoint.url).toBe(`http://127.0.0.1:${port}/credentials`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const host = `127.0.0.1:${port}`;

    const ok = await get(port, { host, authorization: token });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({
      AccessKeyId: "ASIAEXAMPLE",
      SecretAccessKey: "s3cr3t",
      Token: "t0ken",
      Expiration: "2026-12-06T21:00:00Z",
    });
    expect((await get(port, { host: `localhost:${port}`, authorization: token })).status).toBe(200);

    const refused = [
      await get(port, { host }),
      await get(port, { host, authorization: `${token}x` }),
      await get(port, { host, authorization: `Bearer ${token}` }),
      await get(port, { host: `evil.example:${port}`, authorization: token }),
      await get(port, { host: "127.0.0.1", authorization: token }),
      await get(port, { host, authorization: token, origin: "https://evil.example" }),
      await get(port, { host, authorization: token, "sec-fetch-site": "cross-site" }),
      await get(port, { host, authorization: token }, "/other"),
      await get(port, { host, authorization: token }, "/credentials", "POST"),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 403, 403, 403, 403, 403, 403, 404, 404]);
    for (const r of refused) expect(r.body).not.toContain("s3cr3t");
    expect(calls).toBe(2); // refusals never fetch credentials
    expect(log.map((e) => e.status)).toEqual([200, 200, 401, 403, 403, 403, 403, 403, 403, 404, 404]);
    expect(log.map((e) => e.line).join("\n")).not.toMatch(/s3cr3t|t0ken|ASIAEXAMPLE/);
    expect(log.map((e) => e.line).join("\n")).not.toContain(token);
  });

  it("says why when Keyless cannot give credentials, without crashing", async () => {
    endpoint = await startEndpoint({
      credentials: () => Promise.reject(new Error("You are not signed in to Keyless.")),
      addresses: ["127.0.0.1"],
      log: () => undefined,
    });
    const res = await get(endpoint.port, { host: `127.0.0.1:${endpoint.port}`, authorization: endpoint.token });
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body)).toEqual({ Code: "KeylessError", Message: "You are not signed in to Keyless." });
  });

  it("knows loopback peers", () => {
    expect(["127.0.0.1", "127.9.9.9", "::1", "::ffff:127.0.0.1"].every(isLoopback)).toBe(true);
    expect(["192.0.2.2", "::ffff:10.0.0.1", "", "1127.0.0.1"].some(isLoopback)).toBe(false);
    expect(containerCredentials({ ...issued, expiration: "2026-12-06T21:00:00Z" })).toContain('"Expiration":"2026-12-06T21:00:00Z"');
  });
});
