// pg-boss ships no types for its internal Manager; lib/jobs/boss.ts patches two of its methods.
declare module "pg-boss/src/manager.js" {
  type Method = (...args: unknown[]) => Promise<unknown>;
  const Manager: { prototype: { complete: Method; fail: Method } };
  export default Manager;
}
