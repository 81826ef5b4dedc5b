import { expect } from "vitest";
import { sql } from "@/lib/db";
import { bundledWorkerArgs, startProcess, type ManagedProcess } from "../../scripts/sandbox/app-process";
import { sandboxPath } from "../../scripts/sandbox/shared";

// Real worker processes for the SIGKILL tests: test/support/crash-worker.ts runs the same
// jobs as scripts/worker.ts, and SIGKILLs itself right after the rotation step named in
// KEYLESS_TEST_CRASH_AFTER_STEP was recorded ("<step>[:<status>][@<rotationId>]").

export class CrashWorkers {
  readonly logs: string[] = [];
  private readonly workers: ManagedProcess[] = [];
  constructor(private readonly logName: string) {}

  spawn(crashAfter?: string): ManagedProcess {
    const w = startProcess(
      "worker",
      bundledWorkerArgs("test/support/crash-worker.ts"),
      { LOG_LEVEL: "debug", ...(crashAfter ? { KEYLESS_TEST_CRASH_AFTER_STEP: crashAfter } : {}) },
      { logFile: sandboxPath("logs", this.logName), onLine: (l) => this.logs.push(l) },
    );
    this.workers.push(w);
    return w;
  }

  /** Starts a worker that must kill itself after `crashAfter`, and waits until it has. */
  async crash(crashAfter: string): Promise<void> {
    const spawnedAt = new Date(Date.now() - 1_000);
    const doomed = this.spawn(crashAfter);
    await Promise.race([doomed.exited, new Promise((_, no) => setTimeout(() => no(new Error("the worker did not crash")), 60_000))]);
    expect(doomed.child.signalCode, `exit ${doomed.child.exitCode}`).toBe("SIGKILL");
    await doomed.stop();
    await ageAbandonedJobs(spawnedAt);
  }

  async stopAll(): Promise<void> {
    for (const w of this.workers) await w.stop();
  }
}

/**
 * The jobs the dead worker left "active", as a worker started later finds them: active for
 * longer than lib/jobs/recover.ts waits before it may call a job abandoned (10 s: a job
 * fetched moments ago may not be locked yet). Moves their start back instead of sleeping;
 * whether a job is abandoned is still decided by its free liveness lock, on two looks.
 * No other worker runs during the integration phase: jobs that went active while the dead
 * one ran are its own.
 */
async function ageAbandonedJobs(since: Date): Promise<void> {
  await sql(`UPDATE pgboss.job SET started_on = started_on - interval '15 seconds' WHERE state = 'active' AND started_on >= $1`, [since]);
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
