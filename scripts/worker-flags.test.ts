import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { WORKER_NODE_FLAGS } from "./worker-flags";

// Every place that writes out how the worker runs says the same flags, in the same order, as
// the benchmarks measured (bench/worker-memory.ts starts its workers with WORKER_NODE_FLAGS).

const read = (path: string) => readFileSync(path, "utf8");
/** The `--` flags of a `node … <script>` command line, in order. */
const flagsOf = (command: string) => command.split(/\s+/).filter((w) => w.startsWith("--"));

describe("the worker's node flags", () => {
  it("npm run start:worker", () => {
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
    expect(scripts["start:worker"]).toMatch(/^node .* dist\/worker\.mjs$/);
    expect(flagsOf(scripts["start:worker"]!)).toEqual(WORKER_NODE_FLAGS);
  });

  it("the Kubernetes manifest's command", () => {
    const line = read("deploy/k8s/worker.yaml").match(/command:\s*\n?\s*\[([^\]]*)\]/);
    expect(line, "deploy/k8s/worker.yaml has a command: [...] array").not.toBeNull();
    const words = (JSON.parse(`[${line![1]}]`) as string[]).filter((w) => w.startsWith("--"));
    expect(words).toEqual(WORKER_NODE_FLAGS);
  });

  it("the Dockerfile's note", () => {
    const command = read("Dockerfile").match(/`node ([^`]*worker\/worker\.mjs)`/);
    expect(command, "the Dockerfile names the worker's command").not.toBeNull();
    expect(flagsOf(command![1]!)).toEqual(WORKER_NODE_FLAGS);
  });

  it("the deployment guide's instruction for running without containers", () => {
    // (Its record of an earlier verification quotes the command that was run then.)
    const command = read("docs/deploy.md").match(/`node ([^`]*dist\/worker\.mjs)` under your process manager/);
    expect(command, "docs/deploy.md tells how to run the worker").not.toBeNull();
    expect(flagsOf(command![1]!)).toEqual(WORKER_NODE_FLAGS);
  });
});
