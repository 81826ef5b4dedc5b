// Files the demo keeps across restarts that hold secrets (the stand-ins' state: the keys
// pushed to each target, the tokens they accept): AES-256-GCM with a key from the sandbox's
// 0600 secrets file, written atomically (temporary file, fsync, rename) and 0600 (ADR 023).
// moto's state is sealed the same way, in Python (sandbox_persist.py).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

const MAGIC = Buffer.from("KLS1");

export type SealedFile = { file: string; key: Buffer };

export function writeSealed({ file, key }: SealedFile, plain: string): void {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(MAGIC);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** The file's text; null when there is none. Throws when the key is wrong or the file was altered. */
export function readSealed({ file, key }: SealedFile): string | null {
  if (!existsSync(file)) return null;
  const blob = readFileSync(file);
  if (!blob.subarray(0, 4).equals(MAGIC)) throw new Error(`${file} is not a sandbox state file`);
  const decipher = createDecipheriv("aes-256-gcm", key, blob.subarray(4, 16));
  decipher.setAAD(MAGIC);
  decipher.setAuthTag(blob.subarray(16, 32));
  return Buffer.concat([decipher.update(blob.subarray(32)), decipher.final()]).toString("utf8");
}

export function removeSealed({ file }: SealedFile): void {
  rmSync(file, { force: true });
}
