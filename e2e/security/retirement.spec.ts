import { ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { expect, test } from "@playwright/test";
import { iamIn } from "../../scripts/sandbox/aws-clients";
import { callAction, findAction, type ActionOutcome } from "./support/actions";
import { query } from "./support/db";
import { motoUrl } from "./support/env";
import { as, readyHumanKey, scheduledRetirement } from "./support/fixtures";

// Retiring people's keys (lib/retirement), as someone would try to misuse it: a service's
// key, someone else's key without being an admin, the same click twice, an undo once the
// key is gone. Each is refused, and neither AWS nor the database changes.

const FILE = "app/(dashboard)/keys/burndown/actions.ts";
const retire = (who: "adam" | "mona" | "alice", accessKeyId: string) =>
  callAction(findAction(FILE, "retireKeyAction"), as(who), { accessKeyId, days: "14" });
const undo = (who: "adam", retirementId: string) => callAction(findAction(FILE, "undoRetirementAction"), as(who), { retirementId });

type Result = { ok: boolean; status?: number; error?: string };
const result = (o: ActionOutcome) => o.result as Result;

async function awsStatus(userName: string, accessKeyId: string): Promise<string> {
  const iam = await iamIn(motoUrl, "111111111111");
  const out = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
  return out.AccessKeyMetadata?.find((k) => k.AccessKeyId === accessKeyId)?.Status ?? "gone";
}
const retirementsOf = (accessKeyId: string) =>
  query<{ status: string }>(
    "SELECT r.status FROM key_retirements r JOIN access_keys k ON k.id = r.access_key_id WHERE k.access_key_id = $1",
    [accessKeyId],
  );

test.describe("retiring keys: abuse", () => {
  test("a service's key is never retired, even by an admin", async () => {
    const key = await readyHumanKey("alice", { service: true });
    const r = result(await retire("adam", key.accessKeyId));
    expect(r).toMatchObject({ ok: false, status: 409 });
    expect(r.error).toContain("not ready to retire");
    expect(await awsStatus(key.userName, key.accessKeyId)).toBe("Active");
    expect(await retirementsOf(key.accessKeyId)).toEqual([]);
  });

  test("someone else's key, as a manager or as its owner: refused, and the key stays active", async () => {
    const key = await readyHumanKey("alice");
    for (const who of ["mona", "alice"] as const) {
      expect(result(await retire(who, key.accessKeyId))).toMatchObject({ ok: false, status: 403 });
    }
    expect(await awsStatus(key.userName, key.accessKeyId)).toBe("Active");
    expect(await retirementsOf(key.accessKeyId)).toEqual([]);
    const [denied] = await query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'authz.denied' AND actor_email = 'mona@example.com' AND details->>'permission' = 'keys.retire'",
    );
    expect(denied?.n).toBeGreaterThan(0);
  });

  test("a double submit retires once: one success, one conflict, one retirement", async () => {
    const key = await readyHumanKey("alice");
    const outcomes = (await Promise.all([retire("adam", key.accessKeyId), retire("adam", key.accessKeyId)])).map(result);
    expect(outcomes.map((o) => o.ok).sort()).toEqual([false, true]);
    expect(outcomes.find((o) => !o.ok)).toMatchObject({ status: 409 });
    expect(await retirementsOf(key.accessKeyId)).toEqual([{ status: "scheduled" }]);
    expect(await awsStatus(key.userName, key.accessKeyId)).toBe("Inactive");
  });

  test("undo after the deletion is refused and changes nothing", async () => {
    const id = await scheduledRetirement("alice");
    await query("UPDATE key_retirements SET status = 'deleted', finished_at = now(), outcome = 'deleted' WHERE id = $1", [id]);
    const [before] = await query<{ key: string; user_name: string }>(
      "SELECT k.access_key_id AS key, k.user_name FROM key_retirements r JOIN access_keys k ON k.id = r.access_key_id WHERE r.id = $1",
      [id],
    );
    const r = result(await undo("adam", id));
    expect(r).toMatchObject({ ok: false, status: 409 });
    expect(r.error).toContain("deleted");
    expect(await awsStatus(before!.user_name, before!.key)).toBe("Inactive");
    expect((await query<{ status: string }>("SELECT status FROM key_retirements WHERE id = $1", [id]))[0]?.status).toBe("deleted");
  });
});
