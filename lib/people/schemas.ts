import { z } from "zod";
import { ROLES } from "@/lib/permissions";

// The People API and pages: one set of shapes for the route handlers (which validate and
// document with them), the server actions and the pages. Times are ISO strings throughout.

export const PERSON_STATUSES = ["active", "suspended", "deprovisioned"] as const;
export const SUSPENDED_BY = ["admin", "scim", "idp"] as const;
export const SOURCES = ["sso", "scim"] as const;

/** AWS sessions are listed for this long after issue: the longest a Keyless session may last. */
export const AWS_SESSION_WINDOW_HOURS = 12;

export const PEOPLE_SORT_FIELDS = ["email", "name", "lastSignIn"] as const;
export type PeopleSortField = (typeof PEOPLE_SORT_FIELDS)[number];
export const PEOPLE_SORTS = PEOPLE_SORT_FIELDS.flatMap((f) => [f, `-${f}`] as const);
export type PeopleSort = (typeof PEOPLE_SORTS)[number];

const dropEmpty = (v: unknown) =>
  v && typeof v === "object"
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== "" && x !== undefined))
    : v;

export const peopleQuerySchema = z.preprocess(
  dropEmpty,
  z.object({
    q: z
      .string()
      .trim()
      .max(128)
      .regex(/^[^\x00-\x1f\x7f]*$/, "must not contain control characters")
      .optional()
      .describe("Part of an email address or a name."),
    status: z.enum(PERSON_STATUSES).optional(),
    source: z.enum(SOURCES).optional(),
    role: z
      .enum(ROLES)
      .optional()
      .describe("admin or manager: holds that role (by the group mapping); engineer: holds neither, only the base role."),
    sort: z.enum(PEOPLE_SORTS).default("name").describe("name (then email), email or lastSignIn; a leading - reverses."),
    cursor: z.string().max(1024).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
);
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

export const personIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/, "is not a valid id");
export const personParamsSchema = z.object({ id: personIdSchema });

const reasonText = z
  .string()
  .trim()
  .max(500)
  .regex(/^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/, "must not contain control characters");

export const suspendBodySchema = z.strictObject({
  reason: reasonText.min(3, "say why (at least 3 characters)").describe("Why: recorded in the audit log and shown on the person's page."),
});
export const revokeAwsBodySchema = z.strictObject({
  reason: reasonText.optional().describe("Why: recorded with each revocation. Default: “revoked by an administrator”."),
});

const iso = z.iso.datetime();
const isoOrNull = iso.nullable();

export const personRowSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  status: z.enum(PERSON_STATUSES),
  suspendedBy: z.enum(SUSPENDED_BY).nullable(),
  source: z.enum(SOURCES),
  groups: z.array(z.string()),
  roles: z.array(z.enum(ROLES)),
  lastSignInAt: isoOrNull,
  liveSessions: z.object({ browser: z.number().int(), cli: z.number().int() }),
  awsSessions: z.number().int().describe(`AWS sessions Keyless issued to them in the last ${AWS_SESSION_WINDOW_HOURS} hours.`),
});
export type PersonRow = z.infer<typeof personRowSchema>;
export const peopleListSchema = z.object({ items: z.array(personRowSchema), nextCursor: z.string().nullable() });
export type PeoplePage = z.infer<typeof peopleListSchema>;

export const browserSessionSchema = z.object({
  createdAt: iso,
  expires: iso,
  lastSeenAt: iso,
  current: z.boolean().describe("The session of the browser that asked (own sessions only)."),
});
export const personCliSessionSchema = z.object({
  id: z.string(),
  clientName: z.string(),
  clientVersion: z.string().nullable(),
  hostname: z.string().nullable(),
  platform: z.string().nullable(),
  createdAt: iso,
  lastUsedAt: isoOrNull,
  lastIp: z.string().nullable(),
  expiresAt: iso,
  revokedAt: isoOrNull,
  status: z.enum(["active", "expired", "revoked"]),
});
export const awsSessionSchema = z.object({
  roleArn: z.string(),
  accountId: z.string(),
  kind: z.string().describe("credentials.issue (keys) or console.open (a console link)."),
  via: z.string().nullable(),
  accessKeyId: z.string().nullable(),
  issuedAt: iso,
  expiresAt: iso,
  revokedAt: isoOrNull,
});
export type AwsSessionView = z.infer<typeof awsSessionSchema>;

export const revocationSchema = z.object({
  id: z.string(),
  roleArn: z.string(),
  accountId: z.string(),
  revokedBefore: iso.describe("Sessions issued before this instant are denied."),
  reason: z.string(),
  requestedBy: z.string(),
  appliedAt: isoOrNull.describe("When the role's KeylessRevokedSessions policy was written with this entry."),
  error: z.string().nullable().describe("The last failure writing the policy."),
  expiresAt: iso.describe("When the entry is removed from the policy (no session it denies can be alive by then)."),
  clearedAt: isoOrNull,
  state: z.enum(["pending", "applied", "error", "removed"]),
});
export type RevocationView = z.infer<typeof revocationSchema>;

export const personDetailSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  status: z.enum(PERSON_STATUSES),
  suspendedBy: z.enum(SUSPENDED_BY).nullable(),
  suspendedAt: isoOrNull,
  suspendedReason: z.string().nullable(),
  source: z.enum(SOURCES),
  externalId: z.string().nullable(),
  groups: z.array(z.string()),
  roles: z.array(z.enum(ROLES)),
  lastSignInAt: isoOrNull,
  groupsCheckedAt: isoOrNull,
  createdAt: iso,
  sessions: z.object({
    browser: z.array(browserSessionSchema).describe("Live browser sessions."),
    cli: z.array(personCliSessionSchema).describe("CLI sessions: live ones, and those that ended in the last week."),
  }),
  awsSessions: z.array(awsSessionSchema).describe(`Issued in the last ${AWS_SESSION_WINDOW_HOURS} hours, newest first.`),
  revocations: z.array(revocationSchema).describe("Revocations of their AWS sessions, newest first."),
  integrations: z.array(z.object({ id: z.string(), name: z.string(), ownerNeedsReplacementAt: isoOrNull })),
});
export type PersonDetail = z.infer<typeof personDetailSchema>;

const endSummary = {
  browserSessions: z.number().int(),
  cliSessions: z.number().int(),
  deviceSignIns: z.number().int(),
  awsRolesRevoked: z.array(z.string()).describe("Roles whose live sessions of theirs are being denied at AWS."),
};
export const suspendResultSchema = z.object({
  status: z.enum(PERSON_STATUSES),
  ...endSummary,
  requestsCancelled: z.number().int(),
  grantsRevoked: z.number().int(),
  integrationsFlagged: z.number().int(),
});
export const reactivateResultSchema = z.object({ restored: z.boolean(), status: z.enum(PERSON_STATUSES) });
export const revokeAwsResultSchema = z.object({
  roles: z.array(z.object({ roleArn: z.string(), accountId: z.string(), sessions: z.number().int() })),
});
export const revokeMineResultSchema = z.object(endSummary);

export const mySessionsSchema = z.object({
  browser: z.array(browserSessionSchema),
  cli: z.array(personCliSessionSchema.extend({ current: z.boolean() })),
  awsSessions: z.array(awsSessionSchema),
});
export type MySessions = z.infer<typeof mySessionsSchema>;
