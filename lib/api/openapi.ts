import "server-only";
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { listOperations, type ApiOperation } from "@/lib/api/routes";
import { env } from "@/lib/env";

// The OpenAPI 3.1 document of /api, generated from what each route declares to route():
// its permission, and the zod schemas it validates params, query and body with (and sends
// its response through). Nothing is written twice.

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]> & { "x-keyless-undocumented"?: string[] };

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe("What went wrong and what to do, for people."),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe("Invalid fields (422)."),
    error: z.string().optional().describe("OAuth error code (token endpoint)."),
    error_description: z.string().optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details (application/problem+json)." });

const ERROR_TEXT: Record<number, string> = {
  400: "Bad request (for the token endpoint: an OAuth error, see `error`)",
  401: "Not signed in, or the token is invalid, expired or revoked",
  403: "Your role does not allow this, or a cross-site request",
  404: "Not found (or not yours)",
  409: "Conflict",
  413: "Body too large",
  415: "Send application/json",
  422: "Invalid input: see `errors`",
  429: "Too many requests: see the Retry-After header",
  500: "Unexpected error (quote the requestId)",
  502: "An upstream service (AWS) refused or failed",
  503: "An upstream service is unavailable; retry later",
};

function errorStatuses(meta: NonNullable<ApiOperation["meta"]>): number[] {
  const statuses = new Set(meta.errors ?? []);
  if (meta.permission !== "public") [401, 403].forEach((s) => statuses.add(s));
  if (meta.params || meta.query || meta.body) statuses.add(422);
  if (meta.body) [413, 415].forEach((s) => statuses.add(s));
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

function successResponse(meta: NonNullable<ApiOperation["meta"]>): [string, ResponseConfig] {
  const status = String(meta.status ?? 200);
  if (status === "204") return [status, { description: "Done; no content" }];
  if (meta.contentType) return [status, { description: "OK", content: { [meta.contentType]: { schema: { type: "string" } } } }];
  return [status, { description: "OK", ...(meta.response ? { content: { "application/json": { schema: meta.response } } } : {}) }];
}

function operation(op: ApiOperation, problem: z.ZodType): RouteConfig | null {
  const meta = op.meta;
  if (!meta || meta.hidden) return null;
  const [status, success] = successResponse(meta);
  const responses: RouteConfig["responses"] = { [status]: success };
  for (const s of errorStatuses(meta)) {
    responses[String(s)] = {
      description: ERROR_TEXT[s] ?? "Error",
      ...(s === 429 ? { headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } } : {}),
      content: { "application/problem+json": { schema: problem } },
    };
  }
  const request: RouteConfig["request"] = {};
  if (meta.params) request.params = meta.params as NonNullable<RouteConfig["request"]>["params"];
  if (meta.query) request.query = meta.query as NonNullable<RouteConfig["request"]>["query"];
  if (meta.body) request.body = { required: true, content: { "application/json": { schema: meta.body } } };
  return {
    method: op.method.toLowerCase() as RouteConfig["method"],
    path: op.path,
    operationId: `${op.method.toLowerCase()}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    summary: meta.summary,
    description: meta.description,
    tags: meta.tags,
    security: meta.permission === "public" ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
    "x-keyless-permission": meta.permission,
    request,
    responses,
  };
}

const INFO = { title: "Keyless API", version: "1" };

/**
 * A schema zod-to-openapi cannot express (z.custom, z.instanceof, …) must not take the
 * whole document down: such an operation is documented without it and listed under
 * `x-keyless-undocumented` (a unit test requires that list to be empty).
 */
function documentable(config: RouteConfig): { config: RouteConfig; problem: string | null } {
  const trial = new OpenAPIRegistry();
  trial.registerPath(config);
  try {
    new OpenApiGeneratorV31(trial.definitions).generateDocument({ openapi: "3.1.0", info: INFO });
    return { config, problem: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const fallback: RouteConfig = {
      ...config,
      description: `${config.description ?? ""} (Its input and output schemas could not be documented.)`.trim(),
      request: {},
      responses: Object.fromEntries(
        Object.entries(config.responses).map(([status, r]) => [status, { description: "description" in r ? r.description : "" }]),
      ),
    };
    return { config: fallback, problem: `${config.method.toUpperCase()} ${config.path}: ${message}` };
  }
}

export async function buildOpenApiDocument(serverUrl: string): Promise<OpenApiDocument> {
  return buildOpenApiDocumentFrom(await listOperations(), serverUrl);
}

export async function buildOpenApiDocumentFrom(operations: readonly ApiOperation[], serverUrl: string): Promise<OpenApiDocument> {
  const registry = new OpenAPIRegistry();
  const undocumented: string[] = [];
  registry.registerComponent("securitySchemes", "bearerToken", {
    type: "http",
    scheme: "bearer",
    description: "A CLI access token from the device sign-in (`keyless login`), refreshed with /api/v1/device/token.",
  });
  registry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "keyless.session",
    description: "The browser session (`__Host-keyless.session` over HTTPS). State changes must come from the app's own origin.",
  });
  for (const op of operations) {
    const config = operation(op, problemSchema);
    if (!config) continue;
    const checked = documentable(config);
    if (checked.problem) undocumented.push(checked.problem);
    registry.registerPath(checked.config);
  }
  const doc = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      ...INFO,
      description:
        "Short-lived AWS credentials, key inventory, rotation and approvals. Authenticate with a CLI bearer token (device sign-in) or the browser session; each operation names the permission it needs (x-keyless-permission). Errors are application/problem+json.",
    },
    servers: [{ url: serverUrl }],
  });
  return undocumented.length ? { ...doc, "x-keyless-undocumented": undocumented } : doc;
}

let cached: Promise<OpenApiDocument> | undefined;

/** The document for this server (built once per process: routes do not change at runtime). */
export function openApiDocument(): Promise<OpenApiDocument> {
  cached ??= buildOpenApiDocument(env().AUTH_URL).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
