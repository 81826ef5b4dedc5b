import "server-only";
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import { AdaptiveRetryStrategy, DefaultRateLimiter } from "@smithy/core/retry";
import { clientConfig, type AwsCredentials } from "@/lib/aws/config";
import { parseCredentialReport, type ReportKeyUse, type ReportRows } from "@/lib/aws/credential-report";
import { AwsCallError, toAwsCallError } from "@/lib/aws/errors";
import { THROTTLED, withTransientRetry } from "@/lib/aws/throttle";

// Read-only IAM calls the key inventory makes in one account, with the credentials of that
// account's inventory role. One client per account: the SDK's adaptive retry keeps its
// client-side rate limit per client, so throttling in one account slows only that one.

export type IamUserInfo = { userName: string; userId: string; arn: string; path: string; createdAt: Date; tags: Record<string, string> };
export type IamAccessKeyInfo = { accessKeyId: string; userName: string; status: "ACTIVE" | "INACTIVE"; createdAt: Date };
export type { ReportKeyUse, ReportRows };

type Metadata = { $metadata?: { attempts?: number } };

const MIN_RATE_PER_SECOND = 5;

/** The IAM client the inventory reads with (bench/bare-sdk.ts uses the same, for a fair baseline). */
export function inventoryIamClient(credentials: AwsCredentials): IAMClient {
  return new IAMClient({
    ...clientConfig(credentials),
    // Adaptive retry: on throttling the client lowers its own sending rate. Its default
    // floor is 0.5 requests/s, and a throttle before it has measured any rate (the first
    // calls of a sync) drops it straight there: an account of 30 users then took 40 s.
    // A floor of 5/s is still well under IAM's per-account limits. More attempts than the
    // default too: a sync is a batch job that should wait rather than fail.
    retryStrategy: new AdaptiveRetryStrategy(8, { rateLimiter: new DefaultRateLimiter({ minFillRate: MIN_RATE_PER_SECOND }) }),
  });
}

/** One IAM call as the inventory makes it: the client's retries, then transient-error rounds. */
export function inventoryCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  return withTransientRetry(async () => {
    try {
      return await call();
    } catch (error) {
      throw toAwsCallError("IAM", operation, error);
    }
  });
}

/** Runs one HTTP attempt when the caller's turn comes (lib/inventory/fair-gate.ts). */
export type AttemptGate = <T>(fn: () => Promise<T>) => Promise<T>;

export class IamReader {
  private readonly client: IAMClient;
  private attempts = 0;
  private throttled = 0;

  constructor(credentials: AwsCredentials, gate?: AttemptGate) {
    this.client = inventoryIamClient(credentials);
    // Around each HTTP attempt, inside the SDK's retry loop: the gate's slot is held for the
    // request only, never while this account backs off, and every throttled attempt is counted.
    // The deserialize step runs inside the retry middleware (finalizeRequest); "high" puts this
    // outside the deserializer, so the error seen here is the parsed one.
    this.client.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await (gate ? gate(() => next(args)) : next(args));
        } catch (error) {
          if (THROTTLED.test((error as { name?: string }).name ?? "")) this.throttled++;
          throw error;
        }
      },
      { name: "keylessAttemptGate", step: "deserialize", priority: "high" },
    );
  }

  /** HTTP requests made so far, retries included. */
  get calls(): number {
    return this.attempts;
  }

  /** Attempts IAM refused with throttling so far (each was retried after a backoff). */
  get throttles(): number {
    return this.throttled;
  }

  private async send<T>(operation: string, run: (client: IAMClient) => Promise<T & Metadata>): Promise<T> {
    return withTransientRetry(async () => {
      try {
        const out = await run(this.client);
        this.attempts += out.$metadata?.attempts ?? 1;
        return out;
      } catch (error) {
        this.attempts += (error as Metadata).$metadata?.attempts ?? 1;
        throw toAwsCallError("IAM", operation, error);
      }
    });
  }

  /** Every user with its tags, in pages of up to 1,000 (GetAccountAuthorizationDetails). */
  async listUsers(): Promise<IamUserInfo[]> {
    const users: IamUserInfo[] = [];
    let marker: string | undefined;
    do {
      const out = await this.send("GetAccountAuthorizationDetails", (c) =>
        c.send(new GetAccountAuthorizationDetailsCommand({ Filter: ["User"], MaxItems: 1000, Marker: marker })),
      );
      for (const u of out.UserDetailList ?? []) {
        if (!u.UserName || !u.Arn) continue;
        users.push({
          userName: u.UserName,
          userId: u.UserId ?? "",
          arn: u.Arn,
          path: u.Path ?? "/",
          createdAt: u.CreateDate ?? new Date(0),
          tags: Object.fromEntries((u.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
        });
      }
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
    return users;
  }

  /** The user's keys; null when the user no longer exists (deleted since it was listed). */
  async listAccessKeys(userName: string): Promise<IamAccessKeyInfo[] | null> {
    const keys: IamAccessKeyInfo[] = [];
    let marker: string | undefined;
    try {
      do {
        const out = await this.send("ListAccessKeys", (c) =>
          c.send(new ListAccessKeysCommand({ UserName: userName, Marker: marker, MaxItems: 100 })),
        );
        for (const k of out.AccessKeyMetadata ?? []) {
          if (!k.AccessKeyId) continue;
          keys.push({
            accessKeyId: k.AccessKeyId,
            userName,
            status: k.Status === "Inactive" ? "INACTIVE" : "ACTIVE",
            createdAt: k.CreateDate ?? new Date(0),
          });
        }
        marker = out.IsTruncated ? out.Marker : undefined;
      } while (marker);
    } catch (error) {
      if (toAwsCallError("IAM", "ListAccessKeys", error).code === "NoSuchEntity") return null;
      throw error;
    }
    return keys;
  }

  async getAccessKeyLastUsed(accessKeyId: string): Promise<ReportKeyUse> {
    const out = await this.send("GetAccessKeyLastUsed", (c) => c.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId })));
    const u = out.AccessKeyLastUsed;
    const known = (s: string | undefined) => (s && s !== "N/A" ? s : null);
    return { at: u?.LastUsedDate ?? null, service: known(u?.ServiceName), region: known(u?.Region) };
  }

  /**
   * The account's credential report. AWS keeps one for 4 hours: last-use data is as fresh
   * as that. When none is available, asks for one and polls until ready or `timeoutMs`.
   */
  async credentialReport(timeoutMs = 60_000): Promise<{ rows: ReportRows; generatedAt: Date | null }> {
    const read = async () => {
      const out = await this.send("GetCredentialReport", (c) => c.send(new GetCredentialReportCommand({})));
      const csv = out.Content ? Buffer.from(out.Content).toString("utf8") : "";
      return { rows: parseCredentialReport(csv), generatedAt: out.GeneratedTime ?? null };
    };
    const generate = async () =>
      (await this.send("GenerateCredentialReport", (c) => c.send(new GenerateCredentialReportCommand({})))).State === "COMPLETE";
    const missing = (error: unknown): error is AwsCallError =>
      error instanceof AwsCallError && /ReportNotPresent|ReportExpired|ReportInProgress/.test(error.code);
    try {
      return await read();
    } catch (error) {
      if (!missing(error)) throw error;
    }
    // Ask for one once, then poll with the read itself (a call fewer per account than asking
    // again: IAM's minimum for an account without a report is ask + read).
    const deadline = Date.now() + timeoutMs;
    let ready = await generate();
    for (let wait = 250; ; wait = Math.min(wait * 2, 4_000)) {
      if (!ready) await new Promise((r) => setTimeout(r, wait));
      try {
        return await read();
      } catch (error) {
        if (!missing(error)) throw error;
        if (Date.now() + wait > deadline)
          throw new AwsCallError(
            "IAM",
            "GenerateCredentialReport",
            "ReportTimeout",
            "The credential report was not ready in time.",
            undefined,
            true,
          );
        // Still being written: read again later. Gone meanwhile (expired): ask again.
        ready = /ReportInProgress/.test(error.code) ? false : await generate();
      }
    }
  }

  close(): void {
    this.client.destroy();
  }
}
