import { z } from "zod";
import { CONSOLE_REGIONS, CONSOLE_SERVICE_SLUGS, CONSOLE_SERVICES, findConsoleService } from "@/lib/console/services";

// The Destination of a console sign-in link, built only from allow-listed parts: a known
// service, a region of the list, and a relative path that cannot name another host. The host
// is never taken from input, so a link Keyless signs can only open the AWS console: a crafted
// destination must not turn Keyless into an open redirect carrying a fresh sign-in token.

const CONSOLE_HOST = "console.aws.amazon.com";
export const MAX_DESTINATION_PATH = 512;

// Path, then an optional query and fragment (single-page consoles route on the fragment). No
// percent-encoding at all: nothing can decode into "/", "\" or ".." later on.
const PATH_SHAPE = /^(\/[A-Za-z0-9._~\-/]*)(\?[A-Za-z0-9._~\-=&]*)?(#[A-Za-z0-9._~\-/=&:?!,]*)?$/;

function pathProblem(path: string): string | null {
  if (!path.startsWith("/")) return "must be a path on the AWS console starting with /, not a URL";
  if (path.includes("//")) return "must not contain //";
  if (path.includes("..")) return "must not contain ..";
  if (!PATH_SHAPE.test(path)) return "may hold only letters, digits, - . _ ~ / and a plain ?query and #fragment";
  return null;
}

// Enums, so that the OpenAPI document lists every service and region a client may send.
export const consoleServiceSchema = z
  .enum(CONSOLE_SERVICE_SLUGS as [string, ...string[]], {
    error: "is not a console service Keyless knows (e.g. s3, ec2, lambda, iam; see the docs for the list)",
  })
  .describe("A console service (docs/console-links.md).");
export const consoleRegionSchema = z.enum(CONSOLE_REGIONS, { error: "is not an AWS region (e.g. eu-west-1)" }).describe("An AWS region.");

/** The service whose console part a path lies in. */
function owningService(pathname: string) {
  return CONSOLE_SERVICES.find((x) => pathname === x.root || pathname.startsWith(`${x.root}/`));
}

export const consoleDestinationSchema = z
  .strictObject({
    service: consoleServiceSchema.optional(),
    region: consoleRegionSchema.optional(),
    path: z
      .string()
      .max(MAX_DESTINATION_PATH, `must be at most ${MAX_DESTINATION_PATH} characters`)
      .describe("A path within the console: /…, letters, digits, - . _ ~ /, then a plain ?query and #fragment; never //, .. or %.")
      .superRefine((v, ctx) => {
        const problem = pathProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional(),
  })
  .superRefine((d, ctx) => {
    // Without a service, the path itself must lie in a known service's part of the console.
    const pathname = d.path ? PATH_SHAPE.exec(d.path)?.[1] : undefined;
    if (!d.service && pathname && pathname !== "/" && !owningService(pathname))
      ctx.addIssue({ code: "custom", path: ["path"], message: "is not in the console part of a service Keyless knows" });
  });
export type ConsoleDestination = z.output<typeof consoleDestinationSchema>;

/**
 * The console URL for an already validated destination. With a service, the path is placed
 * under the service's part of the console; without one, it must lie in a known service's
 * part. Throws rather than ever return another host.
 */
export function buildConsoleDestination(destination: ConsoleDestination): string {
  const { service: slug, region, path } = consoleDestinationSchema.parse(destination);
  const service = slug ? findConsoleService(slug) : undefined;
  const [, pathname = "", query = "", fragment = ""] = path ? (PATH_SHAPE.exec(path) ?? []) : [];

  let target: string;
  if (service) target = pathname && pathname !== "/" ? `${service.root}${pathname}` : "";
  else target = pathname && pathname !== "/" ? pathname : "";

  const global = service?.global ?? (target ? owningService(target)?.global : undefined);
  const host = region && !global ? `${region}.${CONSOLE_HOST}` : CONSOLE_HOST;
  const home = service?.home ?? "/console/home";
  const url = new URL(`https://${host}`);
  const [homePath = "/", homeFragment = ""] = home.split("#");
  url.pathname = target || homePath;
  url.search = query;
  if (region && !global) url.searchParams.set("region", region);
  url.hash = fragment || (target ? "" : homeFragment);

  const allowed = url.protocol === "https:" && (url.hostname === CONSOLE_HOST || url.hostname === `${region}.${CONSOLE_HOST}`);
  if (!allowed || url.username || url.password || url.port) throw new Error("console destination left the AWS console");
  return url.toString();
}
