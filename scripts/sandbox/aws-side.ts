// The sandbox's AWS (moto, seeded) and the target stand-ins: the part of the stack that
// keeps its state in memory. With `persist` (the demo, the restart test) both keep it in
// sealed files in .sandbox/ across restarts (ADR 023); the test sandbox starts them empty.
import { startMoto, type MotoHandle } from "./moto";
import type { SealedFile } from "./sealed-file";
import { removeSealed } from "./sealed-file";
import { seedAws, type SandboxOidc } from "./seed-aws";
import { sandboxPath } from "./shared";
import { startStandins, type StandinsHandle } from "./standins/server";

export type AwsSideOptions = {
  name: string;
  ports: { moto: number; standins: number };
  /** The key that seals the state files; none: nothing is kept. */
  stateKey?: Buffer;
  oidc: SandboxOidc;
  appUrl: string;
};

export type AwsSide = { moto: MotoHandle; standins: StandinsHandle; stop(): Promise<void> };

function stateFiles(name: string, key: Buffer): { moto: SealedFile; standins: SealedFile } {
  // 0600 and sealed. (Not the folder: the embedded Postgres, run as "postgres" under root, must reach its data in it.)
  return { moto: { file: sandboxPath(`${name}-moto.state`), key }, standins: { file: sandboxPath(`${name}-standins.state`), key } };
}

/** Forgets the kept state: the next start begins empty, as a new sandbox does. */
export function forgetAwsSide(name: string, key: Buffer): void {
  const files = stateFiles(name, key);
  removeSealed(files.moto);
  removeSealed(files.standins);
}

export async function startAwsSide(options: AwsSideOptions): Promise<AwsSide> {
  const { name, ports, stateKey } = options;
  const files = stateKey ? stateFiles(name, stateKey) : undefined;
  const moto = await startMoto({ port: ports.moto, logFile: sandboxPath("logs", `${name}-moto.log`), state: files?.moto });
  try {
    // Idempotent: on a kept state it only adds what a newer version of the seed has.
    await seedAws(moto.url, options.oidc);
    const standins = await startStandins({ port: ports.standins, appUrl: options.appUrl, persist: files?.standins });
    const stop = async () => {
      await standins.stop().catch(() => undefined);
      await moto.stop();
    };
    return { moto, standins, stop };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}

/** How the log describes where the state came from. */
export function describeState(side: AwsSide, kept: boolean): string {
  if (!kept) return "";
  const from = (restored: boolean) => (restored ? "restored" : "new");
  return `   state kept in .sandbox/ (AWS: ${from(side.moto.restored)}, stand-ins: ${from(side.standins.restored)})`;
}
