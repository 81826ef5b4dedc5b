import { credentialsFor } from "../credentials.js";
import { credentialProcessJson, envExports, type Shell } from "../formats.js";
import { print } from "../output.js";

/** credential_process output (JSON, Version 1): `credential_process = keyless credentials --role …`. */
export async function credentials(options: { role: string; durationSeconds?: number; cache: boolean }): Promise<void> {
  const { credentials: c } = await credentialsFor(options.role, options);
  print(credentialProcessJson(c));
}

/** Shell exports: eval "$(keyless env --role …)". */
export async function env(options: {
  role: string;
  durationSeconds?: number;
  cache: boolean;
  shell: Shell;
  region?: string;
}): Promise<void> {
  const { credentials: c, label } = await credentialsFor(options.role, options);
  print(envExports(options.shell, c, { label, region: options.region }));
}
