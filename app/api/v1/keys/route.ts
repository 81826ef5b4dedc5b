import { json, route } from "@/lib/api/route";
import { timed } from "@/lib/http/server-timing";
import { keysQuerySchema } from "@/lib/inventory/keys-query";
import { listKeys } from "@/lib/inventory/keys";

// Engineers get the keys they own; managers and admins every key (decided in the DAL).
export const GET = route({
  permission: "keys.read.own",
  query: keysQuerySchema,
  handler: async ({ caller, query, meta }) => {
    const page = await timed(meta, "list", () => listKeys(caller, query));
    return json({ items: page.items, nextCursor: page.nextCursor });
  },
});
