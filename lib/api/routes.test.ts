import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { listOperations, ROUTES, urlPathOf } from "@/lib/api/routes";

const root = path.resolve(import.meta.dirname, "../..");

function routeFilesOnDisk(dir = "app"): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...routeFilesOnDisk(rel));
    else if (/^route\.(ts|tsx|js)$/.test(entry.name)) out.push(rel);
  }
  return out;
}

describe("the route list (lib/api/routes.ts)", () => {
  it("lists every route file in app/, once", () => {
    const listed = ROUTES.map((r) => r.file);
    expect(new Set(listed).size).toBe(listed.length);
    const missing = routeFilesOnDisk().filter((f) => !listed.includes(f));
    expect(missing, `add these to ROUTES in lib/api/routes.ts: ${missing.join(", ")}`).toEqual([]);
    expect(listed.filter((f) => !routeFilesOnDisk().includes(f))).toEqual([]);
  });

  // Imports every route module: slow on a busy machine, hence the longer timeout.
  it("loads the module each line names, or declares its operations as the module does", { timeout: 120_000 }, async () => {
    for (const entry of ROUTES) {
      const direct = (await import(path.join(root, entry.file))) as Record<string, unknown>;
      if ("declared" in entry) {
        expect(Object.keys(entry.declared).sort(), entry.file).toEqual(Object.keys(direct).sort());
        for (const [key, meta] of Object.entries(entry.declared))
          expect((direct[key] as { meta: unknown }).meta, `${entry.file} ${key}`).toEqual(meta);
        continue;
      }
      const listed = await entry.load();
      expect(Object.keys(listed).sort(), entry.file).toEqual(Object.keys(direct).sort());
      for (const key of Object.keys(direct)) expect(listed[key], `${entry.file} ${key}`).toBe(direct[key]);
    }
  });

  it("turns file paths into URL templates", () => {
    expect(urlPathOf("app/api/v1/cli-sessions/[id]/route.ts")).toBe("/api/v1/cli-sessions/{id}");
    expect(urlPathOf("app/api/v1/openapi.json/route.ts")).toBe("/api/v1/openapi.json");
  });

  it("has every /api/v1 handler built with route(), naming a permission and declaring its path parameters", async () => {
    for (const op of await listOperations()) {
      if (!op.path.startsWith("/api/v1/")) continue;
      expect(op.meta, `${op.method} ${op.path}`).not.toBeNull();
      expect(op.meta?.permission, `${op.method} ${op.path}`).toBeTruthy();
      if (op.path.includes("{")) expect(op.meta?.params, `${op.method} ${op.path} must validate its path parameters`).toBeDefined();
    }
  });
});

describe("the OpenAPI document", () => {
  it("documents every operation built with route(), from its zod schemas", async () => {
    const doc = await buildOpenApiDocument("https://keyless.example.com");
    expect(doc.openapi).toBe("3.1.0");
    expect(doc["x-keyless-undocumented"], "schemas zod-to-openapi cannot express").toBeUndefined();
    const ops = (await listOperations()).filter((o) => o.meta && !o.meta.hidden);
    for (const op of ops) expect(doc.paths?.[op.path]?.[op.method.toLowerCase() as "get"], `${op.method} ${op.path}`).toBeDefined();

    const credentials = doc.paths?.["/api/v1/credentials"]?.post;
    expect(credentials?.["x-keyless-permission"]).toBe("credentials.issue");
    expect(credentials?.security).toEqual([{ bearerToken: [] }, { sessionCookie: [] }]);
    const body = JSON.stringify(credentials?.requestBody);
    expect(body).toContain("durationSeconds");
    expect(body).toContain('"maximum":43200');
    expect(Object.keys(credentials?.responses ?? {})).toEqual(expect.arrayContaining(["200", "401", "403", "422", "429"]));
    expect(JSON.stringify(credentials?.responses?.["200"])).toContain("secretAccessKey");

    const token = doc.paths?.["/api/v1/device/token"]?.post;
    expect(token?.security).toEqual([]);
    expect(JSON.stringify(token?.requestBody)).toContain("urn:ietf:params:oauth:grant-type:device_code");

    const revoke = doc.paths?.["/api/v1/cli-sessions/{id}"]?.delete;
    expect(revoke?.parameters).toEqual([expect.objectContaining({ name: "id", in: "path", required: true })]);
    expect(Object.keys(revoke?.responses ?? {})).toContain("204");

    expect(doc.paths?.["/api/auth/{nextauth}"]).toBeUndefined();
    expect(doc.components?.securitySchemes?.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
  });
});

describe("an operation whose schema cannot be documented", () => {
  it("is documented without it and reported, instead of breaking the document", async () => {
    const { z } = await import("zod");
    const { route } = await import("@/lib/api/route");
    const { buildOpenApiDocumentFrom } = await import("@/lib/api/openapi");
    const handler = route({
      permission: "me.read",
      summary: "odd",
      body: z.object({ when: z.custom<Date>(() => true) }),
      handler: async () => new Response(null),
    });
    const doc = await buildOpenApiDocumentFrom(
      [{ file: "app/api/v1/odd/route.ts", path: "/api/v1/odd", method: "POST", meta: handler.meta }],
      "https://x",
    );
    expect(doc.paths?.["/api/v1/odd"]?.post?.summary).toBe("odd");
    expect(doc["x-keyless-undocumented"]).toEqual([expect.stringContaining("POST /api/v1/odd")]);
  });
});
