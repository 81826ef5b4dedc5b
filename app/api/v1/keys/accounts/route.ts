import { json, route } from "@/lib/api/route";
import { listKeyAccounts } from "@/lib/inventory/stats";

// Accounts that hold keys the caller may see (the keys page's account filter loads it on
// demand when there are too many accounts to send with every page).
export const GET = route({
  permission: "keys.read.own",
  handler: async ({ caller }) => json({ items: await listKeyAccounts(caller) }),
});
