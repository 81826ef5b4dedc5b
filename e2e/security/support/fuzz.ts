import fc from "fast-check";
import type { Outgoing } from "./http";

// Generators of malformed requests for fuzz.spec.ts, built with fast-check so a seed replays
// a run exactly. Every request is built from one operation of the OpenAPI document (its path
// template, query parameters, a valid sample body) and one kind of damage.

export type Operation = { method: string; path: string; query: string[]; body?: Record<string, unknown> };

export type Identity = { name: string; headers: Record<string, string> };

export type FuzzContext = {
  ops: Operation[];
  identities: Identity[];
  /** Real ids per path parameter name, so damaged bodies reach code that touches rows. */
  ids: Record<string, string[]>;
  origin: string;
};

export type FuzzRequest = Outgoing & { kind: string; op: string; identity: string };

const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "%00",
  "\ud800",
  "\udfff\ud800",
  "\uffff",
  "\u202e\u2066gnp.exe",
  "😀".repeat(64),
  "Ω≈ç√∫˜µ≤≥÷",
  "ﷺ𒐫𒈙",
  "' OR '1'='1",
  "1; DROP TABLE users; --",
  '" OR 1=1 --',
  "'; SELECT pg_sleep(5); --",
  "$1",
  "%s%s%s%n",
  "${7*7}",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "../../../../etc/passwd",
  "..\\..\\..\\windows\\win.ini",
  "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "/dev/zero",
  "__proto__",
  "constructor",
  "prototype",
  '{"$gt":""}',
  "$where",
  "a".repeat(5000),
  "9".repeat(400),
  "-1",
  "1e309",
  "-0",
  "NaN",
  "Infinity",
  "0x7fffffff",
  "9223372036854775808",
  "99999999999999999999",
  "null",
  "true",
  "[]",
  "{}",
  "\\",
  "\r\nX-Injected: 1",
  "javascript:alert(1)",
  "file:///etc/passwd",
  "http://169.254.169.254/latest/meta-data/",
  "275760-09-14T00:00:00Z",
  "-271821-04-19T00:00:00Z",
  "2026-02-30",
  "kl_at_" + "A".repeat(43),
  "AKIAIOSFODNN7EXAMPLE",
  "arn:aws:iam::111111111111:role/../../x",
  "alice@example.com\u0000admin",
  "ALICE@EXAMPLE.COM",
];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
);

const hostileNumber = fc.constantFrom(
  -1,
  0,
  0.5,
  -0.0001,
  1e308,
  -1e308,
  2 ** 53 + 1,
  -(2 ** 63),
  2 ** 63,
  Number.MAX_SAFE_INTEGER,
  899,
  43201,
  1e21,
);

/** Any JSON value, including the wrong type for every field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** JSON text that JSON.stringify cannot make: prototype pollution keys, duplicate keys, NaN. */
const RAW_BODIES = [
  '{"__proto__":{"isAdmin":true,"roles":["admin"],"permission":"public"}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"roleId":"a","roleId":"b","__proto__":{"status":200}}',
  '{"comment":"x","__proto__":{"ok":true}}',
  '{"a":NaN}',
  '{"a":Infinity}',
  "{'single':'quotes'}",
  '{"unterminated":',
  '{"a":1,}',
  "[1,2,]",
  "\ufeff{}",
  "nul\u0000l",
  "undefined",
  "true",
  "1",
  '"string"',
  "[]",
  "{}}",
  "{".repeat(3000),
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  "\u0000".repeat(100),
  '{"a":1e99999}',
];

const WRONG_CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  "application/json; charset=utf-16",
  "application/jsonx",
  "application/json-patch+json",
  "",
  "*/*",
  "application/json, text/html",
  "appl\u0000ication/json",
];

const HOSTILE_IDS = [
  "..",
  "%2e%2e",
  "..%2f..%2fetc%2fpasswd",
  "%00",
  "a%00b",
  "'%20OR%201=1--",
  "%27%3B%20DROP%20TABLE%20users%3B--",
  "__proto__",
  "constructor",
  "x".repeat(3000),
  "%F0%9F%98%80",
  "%C0%AF",
  "%ZZ",
  "%",
  "-1",
  "00000000-0000-0000-0000-000000000000",
  "99999999999999999999",
  "null",
  "undefined",
  "%20",
  "AKIA%0D%0AX-Injected:1",
  "cmaaaaaaaaaaaaaaaaaaaaaaa",
  "a.b",
  "%2F",
];

function deep(depth: number, kind: "array" | "object"): string {
  return kind === "array" ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

/** Percent-encodes anything, lone surrogates included (as the invalid UTF-8 a sloppy client sends). */
function enc(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return [...v]
      .map((ch) => {
        const c = ch.charCodeAt(0);
        if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff)
          return `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
        return encodeURIComponent(ch);
      })
      .join("");
  }
}

function fillPath(template: string, ids: Record<string, string[]>, pick: number): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const pool = ids[name] ?? ["abcdefghijklmnopqrstuvwx"];
    return enc(pool[pick % pool.length]!);
  });
}

function queryString(params: [string, string][], raw?: string): string {
  const q = params.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
  const all = [q, raw].filter(Boolean).join("&");
  return all ? `?${all}` : "";
}

function withBody(
  headers: Record<string, string>,
  body: string | undefined,
  type = "application/json",
): { headers: Record<string, string>; body?: string } {
  if (body === undefined) return { headers };
  return { headers: { ...headers, ...(type ? { "content-type": type } : {}) }, body };
}

/** One arbitrary per kind of damage; each yields a complete request for the context. */
export function requestArbitrary(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const op = fc.constantFrom(...ctx.ops);
  const identity = fc.constantFrom(...ctx.identities);
  const pick = fc.nat();

  const base = (o: Operation, who: Identity, n: number) => {
    const unsafe = o.method !== "GET";
    const headers: Record<string, string> = {
      accept: "application/json",
      ...who.headers,
      ...(unsafe && who.headers.cookie ? { origin: ctx.origin } : {}),
    };
    return { path: fillPath(o.path, ctx.ids, n), headers, op: `${o.method} ${o.path}`, identity: who.name, method: o.method };
  };
  const sampleBody = (o: Operation) => (o.body ? JSON.stringify(o.body) : undefined);

  const wrongType = fc
    .tuple(op, identity, pick, hostileValue, fc.option(hostileString, { nil: undefined }))
    .map(([o, who, n, value, extraKey]) => {
      const b = base(o, who, n);
      const body: Record<string, unknown> = { ...(o.body ?? {}) };
      const keys = Object.keys(body);
      if (extraKey !== undefined || keys.length === 0) body[extraKey ?? "unexpected"] = value;
      else body[keys[n % keys.length]!] = value;
      return { ...b, kind: "wrong type", ...withBody(b.headers, JSON.stringify(body)) };
    });

  const randomJson = fc.tuple(op, identity, pick, fc.jsonValue({ maxDepth: 4 })).map(([o, who, n, value]) => {
    const b = base(o, who, n);
    return { ...b, kind: "random JSON", ...withBody(b.headers, JSON.stringify(value) ?? "null") };
  });

  const rawJson = fc.tuple(op, identity, pick, fc.constantFrom(...RAW_BODIES)).map(([o, who, n, raw]) => {
    const b = base(o, who, n);
    return { ...b, kind: "bad or hostile JSON", ...withBody(b.headers, raw) };
  });

  const deepNesting = fc
    .tuple(op, identity, pick, fc.integer({ min: 100, max: 30_000 }), fc.constantFrom<"array" | "object">("array", "object"), fc.boolean())
    .map(([o, who, n, depth, kind, inField]) => {
      const b = base(o, who, n);
      const nested = deep(depth, kind);
      const key = Object.keys(o.body ?? {})[n % Math.max(1, Object.keys(o.body ?? {}).length)] ?? "x";
      const text = inField && o.body ? JSON.stringify({ ...o.body, [key]: "§" }).replace('"§"', nested) : nested;
      return { ...b, kind: "deep nesting", ...withBody(b.headers, text) };
    });

  const huge = fc.tuple(op, identity, pick, fc.integer({ min: 60_000, max: 1_500_000 }), fc.boolean()).map(([o, who, n, size, asField]) => {
    const b = base(o, who, n);
    const filler = "A".repeat(size);
    const text = asField ? JSON.stringify({ ...(o.body ?? {}), [Object.keys(o.body ?? { x: 1 })[0]!]: filler }) : `"${filler}"`;
    return { ...b, kind: "huge body", ...withBody(b.headers, text) };
  });

  const contentType = fc.tuple(op, identity, pick, fc.constantFrom(...WRONG_CONTENT_TYPES)).map(([o, who, n, type]) => {
    const b = base(o, who, n);
    return { ...b, kind: "wrong content type", ...withBody(b.headers, sampleBody(o) ?? "{}", type) };
  });

  const badId = fc
    .tuple(op, identity, fc.oneof(fc.constantFrom(...HOSTILE_IDS), hostileString.map(enc)))
    .filter(([o]) => o.path.includes("{"))
    .map(([o, who, id]) => {
      const b = base(o, who, 0);
      return { ...b, kind: "bad id", path: o.path.replace(/\{\w+\}/g, id), ...withBody(b.headers, sampleBody(o)) };
    });

  const badQuery = fc
    .tuple(
      op,
      identity,
      pick,
      fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(
              "limit",
              "cursor",
              "since",
              "until",
              "state",
              "scope",
              "status",
              "sort",
              "q",
              "actor",
              "action",
              "outcome",
              "accountId",
              "owner",
              "reason",
              "integrationId",
            ),
            hostileString,
          ),
          hostileString,
        ),
        { maxLength: 4 },
      ),
      fc.constantFrom(
        "",
        "limit=%ZZ",
        "q=%",
        "a[b]=1&a[c]=2",
        "limit=1&limit=2&limit=3",
        "cursor=" + "%FF".repeat(50),
        "__proto__[x]=1",
        "=",
        "&&&",
        "q=" + "%00".repeat(20),
      ),
    )
    .map(([o, who, n, pairs, raw]) => {
      const b = base(o, who, n);
      const own = o.query.length ? pairs.map(([k, v], i): [string, string] => [i % 2 ? k : o.query[n % o.query.length]!, v]) : pairs;
      return { ...b, kind: "bad query", path: `${b.path}${queryString(own, raw)}`.slice(0, 6000), ...withBody(b.headers, sampleBody(o)) };
    });

  const HOSTILE_AUTH: Record<string, string>[] = [
    { authorization: "Bearer" },
    { authorization: "Bearer " + "x".repeat(9000) },
    { authorization: "Basic YWxpY2U6ZGVtbw==" },
    { authorization: "Bearer kl_at_\u00ff\u00fe" },
    { authorization: "Bearer kl_rt_AAAA" },
    { authorization: "Bearer a b c" },
    { cookie: "keyless.session=" + "%".repeat(200) },
    { cookie: "keyless.session=../../etc/passwd; keyless.session=x" },
    { cookie: "keyless.session=" + "a".repeat(8000) },
    { cookie: "__Host-keyless.session=" + "00000000-0000-4000-8000-000000000000" },
    { cookie: "keyless.session=\u00e9\u00e8" },
    { origin: "null" },
    { origin: "garbage" },
    { origin: "http://[::1" },
    { "x-request-id": "../../etc/passwd" },
    { "x-request-id": "x".repeat(4000) },
    { "x-forwarded-for": "' OR 1=1--, 999.999.999.999, ::ffff:abc" },
    { "x-forwarded-host": "evil.example" },
    { "content-length": "0" },
    { "accept-encoding": "br;q=x, gzip;q=-1" },
    { accept: "text/html" },
  ];
  const badHeaders = fc.tuple(op, identity, pick, fc.constantFrom(...HOSTILE_AUTH)).map(([o, who, n, extra]) => {
    const b = base(o, who, n);
    const body = sampleBody(o);
    const headers: Record<string, string> = { ...b.headers, ...extra };
    if (body !== undefined && !("content-length" in extra)) headers["content-type"] = "application/json";
    return { ...b, kind: "hostile headers", headers, body: "content-length" in extra ? undefined : body };
  });

  return fc.oneof(
    { weight: 5, arbitrary: wrongType },
    { weight: 2, arbitrary: randomJson },
    { weight: 2, arbitrary: rawJson },
    { weight: 1, arbitrary: deepNesting },
    { weight: 1, arbitrary: huge },
    { weight: 2, arbitrary: contentType },
    { weight: 3, arbitrary: badId },
    { weight: 3, arbitrary: badQuery },
    { weight: 2, arbitrary: badHeaders },
  );
}

/** Methods a route does not declare, and paths that are no route: answered by Next.js itself. */
export function strayArbitrary(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const methods = ["PUT", "PATCH", "DELETE", "POST", "GET", "OPTIONS", "HEAD"];
  return fc
    .tuple(
      fc.constantFrom(...ctx.ops),
      fc.constantFrom(...methods),
      fc.constantFrom(...ctx.identities),
      fc.constantFrom("", "/x", "/../x", "/%2e%2e", "//", "/%00", "/" + "y".repeat(200)),
    )
    .map(([o, method, who, suffix]) => ({
      method,
      path: fillPath(o.path, ctx.ids, 0) + suffix,
      headers: { ...who.headers, ...(who.headers.cookie ? { origin: ctx.origin } : {}) },
      kind: "stray method or path",
      op: `${method} ${o.path}${suffix}`,
      identity: who.name,
    }));
}
