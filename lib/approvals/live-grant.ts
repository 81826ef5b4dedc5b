// When a grant is in force, as one SQL condition on the grants table (no alias), for every
// query that decides or shows it: issuance's preflight, the role list, activeGrant.
// grants.expires_at is a UTC timestamp without zone (Prisma's DateTime), so it is compared
// with now() in UTC, whatever the database session's TimeZone.
export const LIVE_GRANT = `revoked_at IS NULL AND expires_at > (now() AT TIME ZONE 'UTC')`;
