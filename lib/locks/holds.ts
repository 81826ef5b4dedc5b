import "server-only";
import pg from "pg";
import { survivable } from "@/lib/db";
import { env } from "@/lib/env";
import { LOCK_NAMESPACES, LOCK_SQL, UNLOCK_SQL } from "@/lib/locks/liveness";
import { logger } from "@/lib/logger";

// Which pg-boss jobs are really being worked on: the liveness lock (./liveness.ts) in the
// "job" namespace, one per job in hand, all on one connection of this worker's own. A
// worker killed with SIGKILL (or a lost host) leaves "active" jobs whose lock anyone can
// take; lib/jobs/recover.ts fails those so pg-boss retries them now, instead of after their
// expiry (15 minutes to an hour). Rotations included: their job is held like any other.
//
// Unlike `withLock`, a hold outlives a lost connection: it reconnects (Postgres restarted)
// and takes the locks of the jobs still in hand again.

const NAMESPACE = LOCK_NAMESPACES.job;
const RECONNECT_MS = 1_000;

const log = () => logger().child({ component: "job-liveness" });

class JobHolds {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly held = new Set<string>();
  private closed = false;

  /** Marks a job as in hand. Never throws: without the lock, the job merely looks abandoned. */
  async hold(jobId: string): Promise<void> {
    this.held.add(jobId);
    try {
      await (await this.connection()).query(LOCK_SQL, [NAMESPACE, jobId]);
    } catch (error) {
      log().warn({ err: error, jobId }, "could not mark the job as in hand; will retry on reconnect");
      this.scheduleReconnect();
    }
  }

  async release(jobId: string): Promise<void> {
    this.held.delete(jobId);
    await this.client?.query(UNLOCK_SQL, [NAMESPACE, jobId]).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = survivable(
        new pg.Client({
          connectionString: env().DATABASE_URL,
          application_name: "keyless-worker-liveness",
          connectionTimeoutMillis: 5_000,
          keepAlive: true,
        }),
        "job-liveness",
      );
      const lost = () => {
        if (this.client !== client) return;
        this.client = null;
        this.scheduleReconnect();
      };
      client.on("error", lost);
      client.on("end", lost);
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      this.client = client;
      return client;
    })().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer || this.held.size === 0) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.relock();
    }, RECONNECT_MS);
  }

  /** After a lost connection: take the locks of the jobs still in hand again. */
  private async relock(): Promise<void> {
    try {
      const client = await this.connection();
      for (const jobId of this.held) await client.query(LOCK_SQL, [NAMESPACE, jobId]);
      if (this.held.size) log().info({ jobs: this.held.size }, "reconnected; jobs in hand marked again");
    } catch {
      this.scheduleReconnect();
    }
  }
}

const globalForHolds = globalThis as unknown as { keylessJobHolds?: JobHolds };

export function jobHolds(): JobHolds {
  globalForHolds.keylessJobHolds ??= new JobHolds();
  return globalForHolds.keylessJobHolds;
}
