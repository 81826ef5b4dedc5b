// A closed-loop load generator: each loop sends its request again as soon as the last one
// answered, and every answer is kept (time, status, content type) for the test to judge.
import type { Reply } from "./api";

export type Sample = { loop: string; start: number; end: number; status: number; contentType: string; body: unknown; error?: string };
export type Loop = { name: string; concurrency: number; send: () => Promise<Reply<unknown>>; pauseMs?: number };

export function startLoad(loops: Loop[]): { samples: Sample[]; stop(): Promise<Sample[]> } {
  const samples: Sample[] = [];
  let running = true;
  const one = async (loop: Loop) => {
    while (running) {
      const start = Date.now();
      try {
        const r = await loop.send();
        samples.push({ loop: loop.name, start, end: Date.now(), status: r.status, contentType: r.contentType, body: r.body });
      } catch (error) {
        // A timeout or a refused connection: status 0, with why.
        samples.push({
          loop: loop.name,
          start,
          end: Date.now(),
          status: 0,
          contentType: "",
          body: null,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
      if (loop.pauseMs) await new Promise((r) => setTimeout(r, loop.pauseMs));
    }
  };
  const all = Promise.all(loops.flatMap((loop) => Array.from({ length: loop.concurrency }, () => one(loop))));
  return {
    samples,
    stop: async () => {
      running = false;
      await all;
      return samples;
    },
  };
}

/** Counts of "loop status content-type" among samples, for readable failure messages. */
export function tally(samples: Sample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    const key = `${s.loop} ${s.status}${s.error ? ` ${s.error.slice(0, 60)}` : ""} ${s.contentType.split(";")[0]}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}
