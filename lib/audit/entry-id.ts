import { z } from "zod";

const BIGINT_MAX = 9223372036854775807n;

/**
 * An audit entry id as text: audit ids are Postgres bigints, so 19 digits can still
 * overflow. One check (zod runs every refinement even after a failed regex). Refuse those here (a 4xx) instead of letting the query fail (a 500).
 */
export const auditEntryId = (message = "must be an audit entry id") =>
  z.string().refine((value) => /^\d{1,19}$/.test(value) && BigInt(value) <= BIGINT_MAX, message);
