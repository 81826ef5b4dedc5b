import "server-only";
import {
  AccessKeyLimitError,
  accessKeyLastUsed,
  accessKeyWorks,
  accountCredentials,
  createAccessKey,
  deleteAccessKey,
  listAccessKeys,
  setAccessKeyStatus,
  type IamUserRef,
} from "@/lib/aws/iam-keys";
import { env } from "@/lib/env";
import { openTargetToken } from "@/lib/targets/token";
import type { MachineDeps } from "@/lib/rotation/machine";
import { KeyLimitError, type IamPort, type MachineOptions, type Recorder, type TargetPort } from "@/lib/rotation/ports";
import { targetPort } from "@/lib/rotation/target-adapter";
import { bindTarget, isTargetType, TargetError, type TargetType } from "@/lib/targets";

// Builds what the state machine needs for one integration: IAM through the role assumed
// in its account, its target with the decrypted token, the real clock, and options.

export type IntegrationForRun = {
  id: string;
  name: string;
  iamUserName: string;
  targetType: string;
  targetSettings: unknown;
  targetTokenEncrypted: string | null;
  targetTokenBinding: unknown;
  graceSeconds: number;
  rotationIntervalDays: number;
  account: { accountId: string };
};

export function iamPort(user: IamUserRef): IamPort {
  return {
    listKeys: () => listAccessKeys(user),
    createKey: () =>
      createAccessKey(user).catch((error: unknown) => {
        throw error instanceof AccessKeyLimitError ? new KeyLimitError(error.message) : error;
      }),
    deleteKey: (id) => deleteAccessKey(user, id),
    setStatus: (id, status) => setAccessKeyStatus(user, id, status),
    lastUsed: (id) => accessKeyLastUsed(user, id),
    keyWorks: (key) => accessKeyWorks(user, key),
  };
}

/** A target whose settings or token cannot be used: every call fails, and says why. */
function brokenTarget(type: TargetType | "unknown", why: string): TargetPort {
  const fail = async (): Promise<never> => {
    throw new TargetError(type === "unknown" ? "webhook" : type, "misconfigured", why, false);
  };
  return { write: fail, holding: fail, verify: fail, isRetryable: () => false };
}

export async function integrationTarget(integration: IntegrationForRun): Promise<TargetPort> {
  const type = integration.targetType;
  if (!isTargetType(type)) return brokenTarget("unknown", `Unknown target type "${type}".`);
  let bound;
  let token: string | null;
  try {
    bound = bindTarget(type, integration.targetSettings);
    // Fails closed when the settings no longer name the endpoint the token was given for.
    token = openTargetToken(integration, integration.targetTokenEncrypted);
  } catch (error) {
    return brokenTarget(
      type,
      `The integration's target settings or token cannot be used: ${error instanceof Error ? error.message : "invalid"}`,
    );
  }
  const aws = type === "secrets_manager" ? { credentials: await accountCredentials(integration.account.accountId) } : undefined;
  const runtime = { token, aws, integration: { id: integration.id, name: integration.name } };
  return targetPort({
    write: (key) => bound.write(runtime, key),
    currentKeyId: () => bound.currentKeyId(runtime),
    verify: (id) => bound.verify(runtime, id),
  });
}

export function machineOptions(graceSeconds: number): MachineOptions {
  const e = env();
  return {
    graceSeconds,
    propagation: {
      timeoutMs: e.KEYLESS_ROTATION_PROPAGATION_TIMEOUT_SECONDS * 1000,
      intervalMs: e.KEYLESS_ROTATION_PROPAGATION_INTERVAL_MS,
    },
    retries: { attempts: 3, baseDelayMs: 1000 },
    maxRestarts: 3,
  };
}

export const realClock = { now: () => new Date(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

export async function machineDeps(integration: IntegrationForRun, recorder: Recorder): Promise<MachineDeps> {
  return {
    iam: iamPort({ accountId: integration.account.accountId, userName: integration.iamUserName }),
    target: await integrationTarget(integration),
    clock: realClock,
    recorder,
    options: machineOptions(integration.graceSeconds),
  };
}
