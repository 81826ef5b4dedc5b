import { readFileSync } from "node:fs";
import { appOrigin, files } from "./env";
import { authHeaders, send, type Answer, type Auth } from "./http";

// Server actions, called over HTTP the way React's client calls them (captured from
// Chromium): POST to a page that uses the action, `Next-Action: <id>`, and the arguments
// encoded by React's encodeReply: a JSON array as text/plain, or, when an argument is a
// FormData, a multipart body whose field "0" holds the arguments (`$K1` stands for the
// form) and whose other fields are the form's, prefixed `_1_`. The ids come from the build
// (.next/server/server-reference-manifest.json), so every action in the build is known.

export type ServerAction = {
  id: string;
  /** "app/(dashboard)/keys/actions.ts#updateRotationPolicyAction" */
  key: string;
  filename: string;
  exportedName: string;
  /** A page (URL path) whose module includes the action. */
  page: string;
};

type Manifest = { node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }> };

function pageUrl(worker: string, routes: Record<string, string>): string | undefined {
  // "app/(dashboard)/keys/page" → "/(dashboard)/keys/page" → "/keys"; dynamic pages need ids: skip them.
  const url = routes[worker.replace(/^app/, "")];
  return url && !url.includes("[") ? url : undefined;
}

export function serverActions(): ServerAction[] {
  const manifest = JSON.parse(readFileSync(files.serverActions, "utf8")) as Manifest;
  const routes = JSON.parse(readFileSync(files.appPaths, "utf8")) as Record<string, string>;
  return Object.entries(manifest.node).map(([id, entry]) => {
    const pages = Object.keys(entry.workers)
      .map((w) => pageUrl(w, routes))
      .filter((p): p is string => p !== undefined);
    // Prefer the page the action belongs to (its own folder), else any page that loads it.
    const own =
      `/${entry.filename
        .replace(/^app\//, "")
        .replace(/\([^)]*\)\/?/g, "")
        .replace(/\/?actions\.ts$/, "")}`.replace(/\/$/, "") || "/";
    return {
      id,
      key: `${entry.filename}#${entry.exportedName}`,
      filename: entry.filename,
      exportedName: entry.exportedName,
      page: pages.includes(own) ? own : (pages[0] ?? "/"),
    };
  });
}

let cache: ServerAction[] | undefined;
export function findAction(filename: string, exportedName: string): ServerAction {
  cache ??= serverActions();
  const found = cache.find((a) => a.filename === filename && a.exportedName === exportedName);
  if (!found) throw new Error(`server action ${filename}#${exportedName} is not in the build`);
  return found;
}

/** How the action is declared: (), (formData) or (prevState, formData) (useActionState). */
export type ActionShape = "none" | "form" | "state-form";

export type ActionOutcome = {
  status: number;
  /** The action's return value (runAction's { ok, error } etc.), when it returned. */
  result?: unknown;
  /** Where the action redirected (redirect() in the action), when it did. */
  redirect?: string;
  answer: Answer;
};

function multipart(root: string, fields: Record<string, string>): { body: string; type: string } {
  const boundary = `----KeylessSecurity${Math.random().toString(16).slice(2)}`;
  const parts = [...Object.entries(fields).map(([k, v]) => [`_1_${k}`, v] as const), ["0", root] as const];
  const body =
    parts.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") + `--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

/** Reads the action's return value out of the RSC answer: row 0 says which row holds it. */
export function actionResult(text: string): unknown {
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) rows.set(m[1], m[2]);
  }
  const head = rows.get("0");
  if (!head) return undefined;
  const ref = (JSON.parse(head) as { a?: unknown }).a;
  if (typeof ref !== "string" || !ref.startsWith("$@")) return undefined;
  const row = rows.get(ref.slice(2));
  return row === undefined ? undefined : (JSON.parse(row) as unknown);
}

export async function callAction(
  action: ServerAction,
  auth: Auth,
  fields: Record<string, string> | undefined,
  opts: { shape?: ActionShape; origin?: string | null; headers?: Record<string, string> } = {},
): Promise<ActionOutcome> {
  const shape = opts.shape ?? (fields ? "state-form" : "none");
  const encoded =
    shape === "none"
      ? { body: "[]", type: "text/plain;charset=UTF-8" }
      : multipart(shape === "form" ? '["$K1"]' : '[null,"$K1"]', fields ?? {});
  const origin = opts.origin === undefined ? appOrigin : opts.origin;
  const answer = await send({
    method: "POST",
    path: action.page,
    headers: {
      accept: "text/x-component",
      "next-action": action.id,
      "content-type": encoded.type,
      ...(origin === null ? {} : { origin }),
      ...authHeaders(auth),
      ...opts.headers,
    },
    body: encoded.body,
  });
  const redirect = answer.headers["x-action-redirect"];
  const outcome: ActionOutcome = { status: answer.status, answer };
  if (typeof redirect === "string") outcome.redirect = redirect.split(";")[0];
  else if (answer.status === 200 && String(answer.headers["content-type"]).startsWith("text/x-component"))
    outcome.result = actionResult(answer.text);
  return outcome;
}
