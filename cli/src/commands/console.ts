import { openBrowser } from "../browser.js";
import { signedInClient } from "../client.js";
import { resolveRole } from "../credentials.js";
import { print, say } from "../output.js";

export type ConsoleOptions = {
  role: string;
  browser: boolean;
  /** Only the link on stdout, nothing else: for a browser elsewhere (a container, a VM). */
  printOnly: boolean;
  service?: string;
  region?: string;
  path?: string;
};

export async function consoleLink(options: ConsoleOptions): Promise<void> {
  const client = await signedInClient();
  const role = await resolveRole(client, options.role);
  // The server checks the destination against its allow-list and says which field it refuses.
  const wanted = { service: options.service, region: options.region, path: options.path };
  const destination = Object.values(wanted).some((v) => v !== undefined) ? wanted : undefined;
  const { url } = await client.call<{ url: string }>("POST", "/api/v1/console-url", { roleId: role.id, destination });
  if (typeof url !== "string") throw new Error("Keyless sent an unexpected console link.");
  if (options.printOnly) return print(url);
  const where = [options.service, options.region].filter(Boolean).join(" in ");
  if (options.browser && openBrowser(url)) {
    say(`Opened the AWS console${where ? ` (${where})` : ""} as ${role.accountName}/${role.roleName} in your browser.`);
    return;
  }
  say(`Open this link within 15 minutes to use the AWS console${where ? ` (${where})` : ""} as ${role.accountName}/${role.roleName}:`);
  print(url);
}
