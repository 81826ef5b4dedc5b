import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from "@/lib/errors";

const logged = vi.hoisted(() => [] as unknown[]);
vi.mock("@/lib/logger", () => ({ logger: () => ({ error: (obj: unknown) => logged.push(obj) }) }));

const { runAction } = await import("@/lib/actions/result");
const fail = (error: unknown) =>
  runAction(async () => {
    throw error;
  });

// A refusal (no session, or not allowed) is its own result, so that the access matrix can tell
// it from a form error, an outage or a crash, which say nothing about who may do what.
describe("runAction", () => {
  it("returns the work's data on success", async () => {
    expect(await runAction(async () => 7, "Saved.")).toEqual({ ok: true, data: 7, message: "Saved." });
  });

  it("marks a permission refusal (403) and a missing session (401) as refused", async () => {
    expect(await fail(new ForbiddenError("Your role does not allow this (needs “rotations.run”)."))).toEqual({
      ok: false,
      refused: true,
      status: 403,
      error: "Your role does not allow this (needs “rotations.run”).",
    });
    expect(await fail(new UnauthorizedError())).toEqual({ ok: false, refused: true, status: 401, error: "Sign in to continue." });
  });

  it("never marks bad input, a missing thing, a conflict, an outage or a crash as refused", async () => {
    const zod = z.object({ id: z.string() }).safeParse({ id: 1 }).error!;
    const cases: [unknown, number][] = [
      [new ValidationError("The form is invalid: name: required.", [{ path: "name", message: "required" }]), 422],
      [zod, 422],
      [new NotFoundError("The request"), 404],
      [new ConflictError("Already decided."), 409],
      [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }), 503],
      [new Error("boom"), 500],
    ];
    for (const [error, status] of cases) {
      const r = await fail(error);
      expect(r, String(error)).toMatchObject({ ok: false, status });
      expect("refused" in r && r.refused, String(error)).toBeFalsy();
    }
    expect(await fail(new ValidationError("x", [{ path: "name", message: "required" }]))).toMatchObject({
      fieldErrors: { name: "required" },
    });
  });

  it("reports a crash generically, with a reference, and logs it", async () => {
    logged.length = 0;
    const r = await fail(new Error("secret internals"));
    expect(r).toMatchObject({ ok: false, status: 500 });
    expect(r.ok ? "" : r.error).toMatch(/^Something went wrong on our side \(reference [0-9a-f-]{36}\)\.$/);
    expect(JSON.stringify(r)).not.toContain("secret internals");
    expect(logged).toHaveLength(1);
  });

  it("lets next's redirect() through", async () => {
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/signin;307;" });
    await expect(fail(redirect)).rejects.toBe(redirect);
  });
});
