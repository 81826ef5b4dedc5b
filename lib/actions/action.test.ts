import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { UserCaller } from "@/lib/auth/caller";
import { ConflictError } from "@/lib/errors";

// action() at its boundaries: the session (getCaller), the audit log (auditRefusal) and Next's
// cache and navigation are stand-ins; the permission table, the parser and the error mapping are real.

const h = vi.hoisted(() => ({
  caller: null as UserCaller | null,
  audited: [] as unknown[],
  revalidated: [] as string[],
}));
vi.mock("@/lib/auth/current", () => ({ getCaller: async () => h.caller }));
vi.mock("@/lib/audit/record", () => ({
  auditRefusal: async (_: unknown, action: unknown, refusal: { outcome?: string; details?: unknown }) =>
    void h.audited.push({ action, outcome: refusal.outcome ?? "denied", details: refusal.details }),
}));
vi.mock("next/cache", () => ({ revalidatePath: (p: string) => void h.revalidated.push(p) }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${to};307;` });
  },
}));

const { action } = await import("@/lib/actions/action");
const { text } = await import("@/lib/actions/form");

const person = (roles: UserCaller["roles"]): UserCaller => ({
  kind: "user",
  userId: "u1",
  email: "alice@example.com",
  name: null,
  groups: [],
  roles,
  via: "session",
  request: { requestId: "r1", ip: null, userAgent: null },
});
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};

const handled: unknown[] = [];
const rename = action({
  permission: "integrations.manage",
  input: z.object({ id: text(), name: z.string().min(3, "at least 3 characters") }),
  handler: async ({ caller, input }) => {
    handled.push({ caller: caller.email, input });
    if (input.id === "taken") throw new ConflictError("That name is taken.");
    return { id: input.id };
  },
  message: (data) => `Renamed ${data.id}.`,
  revalidate: (input) => [`/integrations/${input.id}`],
});

beforeEach(() => {
  h.caller = person(["engineer", "admin"]);
  h.audited.length = 0;
  h.revalidated.length = 0;
  handled.length = 0;
});

describe("action(): who may call", () => {
  it("refuses a visitor without a session (401) before reading the form", async () => {
    h.caller = null;
    expect(await rename(null, form({ name: "x" }))).toEqual({ ok: false, refused: true, status: 401, error: "Sign in to continue." });
    expect(handled).toEqual([]);
    expect(h.revalidated).toEqual([]);
  });

  it("refuses a role without the permission (403), audits the refusal once, and never runs the handler", async () => {
    h.caller = person(["engineer"]);
    const r = await rename(null, form({ id: "i1", name: "x" }));
    expect(r).toEqual({ ok: false, refused: true, status: 403, error: "Your role does not allow this (needs “integrations.manage”)." });
    expect(h.audited).toEqual([
      { action: "authz.denied", outcome: "denied", details: { permission: "integrations.manage", via: "server action" } },
    ]);
    expect(handled).toEqual([]);
  });

  it("sends a visitor without a session where `signedOut` says, and lets a public action run without one", async () => {
    h.caller = null;
    const out = action({ permission: "signed-in", signedOut: "/signin?signedOut=1", handler: async () => "never" });
    await expect(out()).rejects.toThrow(expect.objectContaining({ digest: "NEXT_REDIRECT;replace;/signin?signedOut=1;307;" }) as Error);
    const open = action({ permission: "public", handler: async ({ caller }) => caller });
    expect(await open()).toEqual({ ok: true, data: null });
  });
});

describe("action(): input, errors and results", () => {
  it("answers bad input with a 422 naming the field, not a crash", async () => {
    const r = await rename(null, form({ id: "i1", name: "x" }));
    expect(r).toMatchObject({ ok: false, status: 422, fieldErrors: { name: "at least 3 characters" } });
    expect(r.ok || r.refused).toBeFalsy();
    expect(handled).toEqual([]);
  });

  it("runs the handler with the caller and the parsed form, however React calls it", async () => {
    expect(await rename(null, form({ id: "i1", name: "deploy-bot" }))).toEqual({ ok: true, data: { id: "i1" }, message: "Renamed i1." });
    expect(await rename(form({ id: "i2", name: "deploy-bot" }))).toMatchObject({ ok: true, message: "Renamed i2." });
    expect(handled).toEqual([
      { caller: "alice@example.com", input: { id: "i1", name: "deploy-bot" } },
      { caller: "alice@example.com", input: { id: "i2", name: "deploy-bot" } },
    ]);
    expect(h.revalidated).toEqual(["/integrations/i1", "/integrations/i2"]);
  });

  it("maps a domain error to its status and still refreshes the page (it shows the new state)", async () => {
    expect(await rename(null, form({ id: "taken", name: "deploy-bot" }))).toEqual({ ok: false, status: 409, error: "That name is taken." });
    expect(h.revalidated).toEqual(["/integrations/taken"]);
  });

  it("redirects on success when told to", async () => {
    const save = action({
      permission: "integrations.manage",
      handler: async () => ({ id: "i9" }),
      redirect: (d) => `/integrations/${d.id}`,
    });
    await expect(save()).rejects.toThrow(expect.objectContaining({ digest: "NEXT_REDIRECT;replace;/integrations/i9;307;" }) as Error);
  });
});
