import { fail, maskKeyId, ok, parseIni, type Check } from "./check.js";

// Long-lived keys left behind: an AKIA… access key id without a session token (temporary
// credentials are ASIA… and come with one), in the AWS files or in this environment.
// Only the key id's ends are shown: never the secret.

const isLongLived = (id: string | undefined) => /^AKIA[A-Z0-9]{12,}$/.test((id ?? "").trim());

export function fileKeyChecks(text: string | null, file: string, retirePage: string): Check[] {
  if (text === null) return [ok("Access keys", `No ${file}: no access key left in it.`)];
  const found = parseIni(text).filter((s) => isLongLived(s.values.aws_access_key_id) && !s.values.aws_session_token);
  if (found.length === 0) return [ok("Access keys", `No long-lived access key in ${file}.`)];
  return found.map((s) =>
    fail(
      "Access keys",
      `Profile [${s.name}] in ${file} holds a long-lived access key (${maskKeyId((s.values.aws_access_key_id ?? "").trim())}).`,
      `Run \`keyless configure\`, point what uses [${s.name}] at a keyless-… profile, then delete the [${s.name}] block from ${file} and deactivate the key (${retirePage}).`,
    ),
  );
}

export function envKeyCheck(env: Record<string, string | undefined>): Check {
  const id = env.AWS_ACCESS_KEY_ID;
  if (!isLongLived(id) || env.AWS_SESSION_TOKEN) return ok("Environment", "No long-lived access key in AWS_ACCESS_KEY_ID.");
  return fail(
    "Environment",
    `AWS_ACCESS_KEY_ID in this environment is a long-lived key (${maskKeyId((id ?? "").trim())}).`,
    'Remove AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from your shell\'s startup files (unset them now), then use a profile (export AWS_PROFILE=keyless-…) or eval "$(keyless env --role ROLE)".',
  );
}
