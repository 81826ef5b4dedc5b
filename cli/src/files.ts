import { chmod, mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";

// Private files: directories 0700, files 0600, written atomically (a temp file renamed
// over the old one) so a reader never sees half a file and a crash never leaves one.

export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is filtered by the umask and ignored for existing directories.
  await chmod(dir, 0o700).catch(() => undefined);
}

/** Writes in Keyless's own directory (which is made private). */
export async function writePrivateFile(file: string, content: string, mode = 0o600): Promise<void> {
  await ensurePrivateDir(path.dirname(file));
  await writeAtomic(file, content, mode);
}

/** Writes `file` atomically with `mode`; a missing directory is created private, an existing one left as it is. */
export async function writeAtomic(file: string, content: string, mode: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, content, { mode });
    await chmod(tmp, mode).catch(() => undefined);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

export async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

/**
 * Runs `fn` holding an exclusive lock file, so that concurrent `keyless` processes (AWS
 * tools may start several credential_process at once) refresh the session one at a time.
 */
export async function withLock<T>(file: string, fn: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  await ensurePrivateDir(path.dirname(file));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(file, "wx", 0o600);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A lock older than the timeout was left by a process that died: take it over.
      const age = await stat(file).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > timeoutMs) await rm(file, { force: true });
      else if (Date.now() > deadline) throw new Error(`Another keyless process holds ${file}; if none is running, delete that file.`);
      else await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}
