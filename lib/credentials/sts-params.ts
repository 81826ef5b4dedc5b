import { sessionNameFromEmail, sessionTags } from "@/lib/credentials/session-identity";

/** What Keyless asks STS for on a person's behalf: who they are, for CloudTrail and policies. */
export function assumeRoleParams(person: { email: string; groups: readonly string[] }, roleArn: string, durationSeconds: number) {
  const name = sessionNameFromEmail(person.email);
  return {
    roleArn,
    roleSessionName: name,
    sourceIdentity: name,
    tags: sessionTags(person.email, person.groups),
    durationSeconds,
  };
}
