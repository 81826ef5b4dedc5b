import "server-only";
import { ValidationError } from "@/lib/errors";
import { systemResolver } from "@/lib/net/guarded-request";
import { checkTargetUrl, type Resolver } from "@/lib/net/target-policy";
import { parseTargetSettings, TARGETS, type TargetSettings, type TargetType } from "./index";
import { targetNetworkPolicy } from "./network-policy";

// What saving a target's settings checks (an integration, or a request for one): the
// connector's schema, then every URL it would connect to against the address policy,
// resolved now. Connections check again (lib/net/guarded-request.ts): DNS may change, and
// that check is the one that holds; this one tells the person at once.
// Refusals name the field as the forms know it ("targetSettings.apiUrl").

export async function checkTargetSettings<T extends TargetType>(
  type: T,
  raw: unknown,
  resolve: Resolver = systemResolver,
): Promise<TargetSettings[T]> {
  let settings: TargetSettings[T];
  try {
    settings = parseTargetSettings(type, raw);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      error.message,
      error.issues.map((i) => ({ path: `targetSettings.${i.path}`, message: i.message })),
    );
  }
  const issues: { path: string; message: string }[] = [];
  const values = settings as Record<string, unknown>;
  for (const field of TARGETS[type].urlFields) {
    const url = values[field];
    if (typeof url !== "string") continue;
    const refusal = await checkTargetUrl(url, targetNetworkPolicy(), resolve);
    // A name that does not resolve from here (yet) sends nothing anywhere: saving it is
    // harmless, and each connection resolves and checks it again.
    if (refusal && refusal.code !== "unresolvable") issues.push({ path: `targetSettings.${field}`, message: refusal.message });
  }
  const first = issues[0];
  if (first) throw new ValidationError(`The target is not allowed: ${first.path}: ${first.message}.`, issues);
  return settings;
}
