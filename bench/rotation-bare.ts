// The calls a webhook rotation cannot do without, made directly (no database, no queue,
// no audit): list the keys (precondition), list again (strays), create the new key, poll
// STS until it works, POST it to the receiver, ask the health URL, deactivate the old key,
// read its last use, delete it. The same IAM port (wrappers, client settings) as the real path.
import type { IamUserRef } from "@/lib/aws/iam-keys";
import { env } from "@/lib/env";
import { iamPort } from "@/lib/rotation/deps";
import { bindTarget } from "@/lib/targets";

export type BareResult = { ms: number; calls: number; waitMs: number };

export async function bareRotation(user: IamUserRef, settings: { url: string; healthUrl: string }, secret: string): Promise<BareResult> {
  const started = performance.now();
  const target = bindTarget("webhook", settings);
  const runtime = { token: secret, integration: { id: user.userName, name: user.userName } };
  const iam = iamPort(user);
  let calls = 0;
  let waitMs = 0;
  const count = <T>(p: Promise<T>) => {
    calls++;
    return p;
  };
  const keys = await count(iam.listKeys());
  const old = keys.find((k) => k.status === "Active");
  if (!old) throw new Error(`${user.userName} has no active key`);
  await count(iam.listKeys());
  const key = await count(iam.createKey());
  const interval = env().KEYLESS_ROTATION_PROPAGATION_INTERVAL_MS;
  while (!(await count(iam.keyWorks(key)))) {
    await new Promise((r) => setTimeout(r, interval));
    waitMs += interval;
  }
  await count(target.write(runtime, key));
  const v = await count(target.verify(runtime, key.accessKeyId));
  if (!v.ok) throw new Error(v.detail);
  await count(iam.setStatus(old.accessKeyId, "Inactive"));
  await count(iam.lastUsed(old.accessKeyId));
  await count(iam.deleteKey(old.accessKeyId));
  return { ms: performance.now() - started, calls, waitMs };
}
