import { expectShape, ME_SHAPE, type Me } from "../api-types.js";
import { signedInClient } from "../client.js";
import { print, table } from "../output.js";

export async function whoami(options: { json: boolean }): Promise<void> {
  const client = await signedInClient();
  const me = expectShape<Me>(await client.call("GET", "/api/v1/me"), ME_SHAPE, "identity");
  if (options.json) {
    print(JSON.stringify({ ...me, server: client.session.server, sessionExpiresAt: client.session.sessionExpiresAt }, null, 2));
    return;
  }
  print(
    table([
      ["User:", me.name ? `${me.email} (${me.name})` : me.email],
      ["Roles:", me.roles.join(", ")],
      ["Groups:", me.groups.join(", ") || "(none)"],
      ["Server:", client.session.server],
      ["Session:", `until ${client.session.sessionExpiresAt.slice(0, 16).replace("T", " ")} UTC`],
    ]),
  );
}
