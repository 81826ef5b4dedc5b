// The calls a webhook rotation cannot do without, made directly (no database, no queue,
// no audit): list the keys (precondition), list again (strays), create the new key, poll
// STS until it works, POST it to the receiver, ask the health URL, deactivate the old key,
// read its last use, delete it. Same wrappers and client settings as the real path.
import {
  accessKeyLastUsed,
  accessKeyWorks,
  createAccessKey,
  deleteAccessKey,
  listAccessKeys,
  setAccessKeyStatus,
  type IamUserRef,
} from "@/lib/aws/iam-keys";
import { env } from "@/lib/env";
import { bindTarget } from "@/lib/targets";

export type BareResult = { ms: number; calls: number; waitMs: number };

export async function bareRotation(user: IamUserRef, settings: { url: string; healthUrl: string }, secret: string): Promise<BareResult> {
  const started = performance.now();
  const target = bindTarget("webhook", settings);
  const runtime = { token: secret, integration: { id: user.userName, name: user.userName } };
  let calls = 0;
  let waitMs = 0;
  const count = <T>(p: Promise<T>) => {
    calls++;
    return p;
  };
  const keys = await count(listAccessKeys(user));
  const old = keys.find((k) => k.status === "Active");
  if (!old) throw new Error(`${user.userName} has no active key`);
  await count(listAccessKeys(user));
  const key = await count(createAccessKey(user));
  const interval = env().KEYLESS_ROTATION_PROPAGATION_INTERVAL_MS;
  while (!(await count(accessKeyWorks(user, key)))) {
    await new Promise((r) => setTimeout(r, interval));
    waitMs += interval;
  }
  await count(target.write(runtime, key));
  const v = await count(target.verify(runtime, key.accessKeyId));
  if (!v.ok) throw new Error(v.detail);
  await count(setAccessKeyStatus(user, old.accessKeyId, "Inactive"));
  await count(accessKeyLastUsed(user, old.accessKeyId));
  await count(deleteAccessKey(user, old.accessKeyId));
  return { ms: performance.now() - started, calls, waitMs };
}
