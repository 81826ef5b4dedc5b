// How the production worker runs Node, in one place for code: the benchmarks start their
// workers with these. The manifest, `npm run start:worker`, the Dockerfile and the deployment
// guide write them out (YAML, JSON, comments); scripts/worker-flags.test.ts keeps them equal.
//   --max-old-space-size=256  a bounded old generation, as the app has
//   --liftoff-only            Prisma's query compiler (Wasm) stays on V8's baseline tier
//   --optimize-for-size       V8 grows the heap less before collecting (bench/RESULTS.md §5, §9)
//   --conditions=react-server the bundle's `server-only` imports resolve as on the server
export const WORKER_HEAP_MB = 256;
export const WORKER_NODE_FLAGS: readonly string[] = [
  `--max-old-space-size=${WORKER_HEAP_MB}`,
  "--liftoff-only",
  "--optimize-for-size",
  "--conditions=react-server",
];
