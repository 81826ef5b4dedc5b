import { describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/env";
import { cronForInterval } from "@/lib/inventory/schedule";

describe("cronForInterval", () => {
  it.each([
    [0, null],
    [15, "*/15 * * * *"],
    [60, "0 * * * *"],
    [180, "0 */3 * * *"],
    [1440, "0 0 * * *"],
  ])("%i minutes → %s", (minutes, cron) => {
    expect(cronForInterval(minutes)).toBe(cron);
  });

  it("refuses intervals cron cannot keep evenly, naming the variable", () => {
    const base = {
      NODE_ENV: "test" as const,
      DATABASE_URL: "postgresql://x",
      AUTH_SECRET: "x".repeat(32),
      OIDC_ISSUER: "https://i",
      OIDC_CLIENT_ID: "c",
      OIDC_CLIENT_SECRET: "s",
      KEYLESS_ENCRYPTION_KEY: Buffer.alloc(32).toString("base64"),
    };
    expect(() => loadEnv({ ...base, KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES: "45" })).toThrow(/KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES/);
    expect(() => loadEnv({ ...base, KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES: "90" })).toThrow(/KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES/);
    expect(loadEnv({ ...base, KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES: "120" }).KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES).toBe(120);
    expect(loadEnv(base).KEYLESS_INVENTORY_OWNER_TAGS).toEqual(["owner"]);
  });
});
