import { describe, expect, it } from "vitest";
import { toProblem, ForbiddenError, internalProblem } from "@/lib/errors";
import { crossSiteRefusal, isDataPath, pageCsp, problem } from "./edge-policy";

const APP = "https://keyless.example.com";
const headers = (h: Record<string, string>) => new Headers(h);

describe("the same-origin rule", () => {
  it("lets reads through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) {
      expect(crossSiteRefusal(method, headers({ origin: "https://evil.example" }), APP)).toBeNull();
    }
  });

  it("accepts a state change from the app's own origin, or marked same-origin by the browser", () => {
    expect(crossSiteRefusal("POST", headers({ origin: APP }), APP)).toBeNull();
    expect(crossSiteRefusal("DELETE", headers({ "sec-fetch-site": "same-origin" }), APP)).toBeNull();
  });

  it("refuses another origin, a look-alike, and a state change that names no origin", () => {
    expect(crossSiteRefusal("POST", headers({ origin: "https://evil.example" }), APP)).toMatch(/Cross-site/);
    expect(crossSiteRefusal("PUT", headers({ origin: `${APP}.evil.example` }), APP)).toMatch(/Cross-site/);
    expect(crossSiteRefusal("PATCH", headers({ origin: "null" }), APP)).toMatch(/Cross-site/);
    expect(crossSiteRefusal("POST", headers({}), APP)).toMatch(/Origin header/);
    expect(crossSiteRefusal("POST", headers({ "sec-fetch-site": "same-site" }), APP)).toMatch(/Origin header/);
    // An Origin that differs wins over a same-origin claim.
    expect(crossSiteRefusal("POST", headers({ origin: "https://evil.example", "sec-fetch-site": "same-origin" }), APP)).toMatch(
      /Cross-site/,
    );
  });
});

describe("content security policies", () => {
  it("gives API and SCIM paths the data policy and pages a nonce policy", () => {
    expect(["/api/v1/me", "/api/auth/csrf", "/scim/v2/Users"].every(isDataPath)).toBe(true);
    expect(["/", "/apiary", "/keys", "/scimitar"].some(isDataPath)).toBe(false);
    const csp = pageCsp("bm9uY2U=", false);
    expect(csp).toContain("script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(pageCsp("x", true)).toContain("'unsafe-eval'");
  });
});

describe("problem bodies", () => {
  it("have one shape, whoever builds them", () => {
    expect(problem(403, "forbidden", "Forbidden", "Cross-site request refused.", { requestId: "r-1" })).toEqual(
      toProblem(new ForbiddenError("Cross-site request refused."), "r-1"),
    );
    expect(internalProblem("r-2")).toMatchObject({ type: "https://keyless.dev/problems/internal", status: 500, requestId: "r-2" });
  });
});
