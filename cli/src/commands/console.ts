import { openBrowser } from "../browser.js";
import { signedInClient } from "../client.js";
import { resolveRole } from "../credentials.js";
import { print, say } from "../output.js";

export async function consoleLink(options: { role: string; browser: boolean }): Promise<void> {
  const client = await signedInClient();
  const role = await resolveRole(client, options.role);
  const { url } = await client.call<{ url: string }>("POST", "/api/v1/console-url", { roleId: role.id });
  if (typeof url !== "string") throw new Error("Keyless sent an unexpected console link.");
  if (options.browser && openBrowser(url)) {
    say(`Opened the AWS console as ${role.accountName}/${role.roleName} in your browser.`);
    return;
  }
  say(`Open this link within 15 minutes to use the AWS console as ${role.accountName}/${role.roleName}:`);
  print(url);
}
