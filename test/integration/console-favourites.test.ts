import { describe, expect, it } from "vitest";
import { MAX_FAVOURITES } from "@/lib/console/favourite-schemas";
import { addConsoleFavourite, listConsoleFavourites, removeConsoleFavourite } from "@/lib/console/favourites";
import { CONSOLE_REGIONS } from "@/lib/console/services";
import { db } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { makeUser, roleId } from "./helpers";

describe("console favourites", () => {
  it("are each person's own: another person neither lists nor removes them", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const bob = await makeUser("bob", ["engineering"]);
    const developer = await roleId("SandboxDeveloper");
    const starred = await addConsoleFavourite(alice, { roleId: developer, service: "s3", region: "eu-west-1" });
    expect(starred.label).toBe("S3 · eu-west-1 · Sandbox/SandboxDeveloper");
    // Starring the same page again changes nothing.
    expect((await addConsoleFavourite(alice, { roleId: developer, service: "s3", region: "eu-west-1" })).id).toBe(starred.id);
    expect(await listConsoleFavourites(alice)).toEqual([starred]);
    expect(await listConsoleFavourites(bob)).toEqual([]);
    await expect(removeConsoleFavourite(bob, { id: starred.id })).rejects.toBeInstanceOf(NotFoundError);
    expect(await listConsoleFavourites(alice)).toHaveLength(1);
    await removeConsoleFavourite(alice, { id: starred.id });
    expect(await listConsoleFavourites(alice)).toEqual([]);
  });

  it("only for a role the person's groups map, and only allow-listed services and regions", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    await expect(
      addConsoleFavourite(alice, { roleId: await roleId("SandboxAdmin"), service: "s3", region: "eu-west-1" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const developer = await roleId("SandboxDeveloper");
    await expect(addConsoleFavourite(alice, { roleId: developer, service: "evil.com", region: "eu-west-1" })).rejects.toThrow(/service/);
    await expect(addConsoleFavourite(alice, { roleId: developer, service: "s3", region: "mars-east-1" })).rejects.toThrow(/region/);
    expect(await db().consoleFavourite.count({ where: { userId: alice.userId } })).toBe(0);
  });

  it(`stop at ${MAX_FAVOURITES} per person, saying so, and the refusal is audited`, async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const developer = await roleId("SandboxDeveloper");
    for (const region of CONSOLE_REGIONS.slice(0, MAX_FAVOURITES))
      await addConsoleFavourite(alice, { roleId: developer, service: "ec2", region });
    const extra = CONSOLE_REGIONS[MAX_FAVOURITES];
    await expect(addConsoleFavourite(alice, { roleId: developer, service: "ec2", region: extra })).rejects.toBeInstanceOf(ConflictError);
    expect(await db().consoleFavourite.count({ where: { userId: alice.userId } })).toBe(MAX_FAVOURITES);
    const last = await db().auditEvent.findFirst({
      where: { actorId: alice.userId, action: "console.favourite.add" },
      orderBy: { id: "desc" },
      select: { outcome: true },
    });
    expect(last?.outcome).toBe("failure");
  });
});
