import { SCHEMA_IDS } from "@/lib/scim/scimmy";

// A list answer (RFC 7644 §3.4.2): one page of resources, read from the database with the
// page's offset, and the total count of what the filter matched.

export type ListResponse = {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: Record<string, unknown>[];
};

export function listResponse(resources: Record<string, unknown>[], totalResults: number, startIndex: number): ListResponse {
  return { schemas: [SCHEMA_IDS.listResponse], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}

/** Ids Keyless hands out (cuid for people, uuid for groups): anything else cannot exist. */
export const PERSON_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const GROUP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
