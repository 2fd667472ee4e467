import { existsSync } from "node:fs";
import { e2eEnv } from "./env.ts";

/**
 * Debian's Chromium where it is installed (this project's machines cannot download
 * Playwright's own browser), Playwright's bundled browser everywhere else.
 */
export function chromiumLaunchOptions(): { executablePath?: string; args: string[] } {
  const candidate = e2eEnv().CHROMIUM_PATH;
  if (!existsSync(candidate)) return { args: [] };
  return {
    executablePath: candidate,
    // No sandbox as root in containers; no background traffic to the (closed) internet.
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  };
}
