// The stand-ins' state across restarts of the demo (ADR 023): everything a target holds
// (GitHub's key pairs and decrypted secrets, GitLab/Travis/CircleCI/Jenkins variables, the
// webhook receivers' keys), the tokens each service accepts, Slack messages. Saved, sealed,
// after every request that may change it and before its answer leaves, so a target never
// acknowledges a key it could forget.
import { renameSync } from "node:fs";
import { readSealed, writeSealed, type SealedFile } from "../sealed-file";
import { STANDIN_SERVICES } from "./services";
import { emptyState, type StandinState } from "./state";

// JSON has no Map, Set or bytes: tagged objects stand in for them.
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return { $map: [...value] };
  if (value instanceof Set) return { $set: [...value] };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString("base64") };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const tagged = value as { $map?: [unknown, unknown][]; $set?: unknown[]; $bytes?: string };
  if (tagged.$map) return new Map(tagged.$map);
  if (tagged.$set) return new Set(tagged.$set);
  if (typeof tagged.$bytes === "string") return new Uint8Array(Buffer.from(tagged.$bytes, "base64"));
  return value;
}

export function saveStandins(file: SealedFile, state: StandinState): void {
  writeSealed(file, JSON.stringify(state, replacer));
}

/** The saved state, or null when there is none (the stand-ins then start from their seed). */
export function loadStandins(file: SealedFile): StandinState | null {
  let saved: StandinState;
  try {
    const text = readSealed(file);
    if (text === null) return null;
    saved = JSON.parse(text, reviver) as StandinState;
  } catch (error) {
    // Wrong key or an altered file: set aside, and the stand-ins start from their seed.
    renameSync(file.file, `${file.file}.unreadable`);
    console.warn(`[sandbox stand-ins] could not read ${file.file} (${String(error)}); kept as .unreadable, starting from the seed`);
    return null;
  }
  // A service added since the file was written starts from its own seed beside the others.
  for (const service of STANDIN_SERVICES.filter((s) => !saved.services[s.name])) {
    saved.services[service.name] = { state: service.empty(), tokens: new Set([service.token]) };
    service.seed(saved.services[service.name]!.state);
  }
  return { ...emptyState(), ...saved };
}
