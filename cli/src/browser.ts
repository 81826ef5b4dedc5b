import { spawn } from "node:child_process";

/**
 * Opens `url` in the person's browser when there is one to open; false when it cannot (no
 * display, CI, KEYLESS_NO_BROWSER=1), so the caller prints the link instead.
 */
export function openBrowser(url: string, env: Record<string, string | undefined> = process.env): boolean {
  if (env.KEYLESS_NO_BROWSER === "1" || env.CI) return false;
  let command: string;
  let args: string[];
  if (process.platform === "darwin") [command, args] = ["open", [url]];
  else if (process.platform === "win32") [command, args] = ["rundll32", ["url.dll,FileProtocolHandler", url]];
  else {
    if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return false;
    [command, args] = [env.BROWSER || "xdg-open", [url]];
  }
  try {
    const child = spawn(command, args, { detached: true, stdio: "ignore" });
    child.on("error", () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
