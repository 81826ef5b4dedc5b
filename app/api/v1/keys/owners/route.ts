import { json, route } from "@/lib/api/route";
import { listKeyOwners } from "@/lib/inventory/stats";

// Owners of the keys the caller may see (the keys page's owner filter loads it on demand).
export const GET = route({
  permission: "keys.read.own",
  handler: async ({ caller }) => json({ items: await listKeyOwners(caller) }),
});
