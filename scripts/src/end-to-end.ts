/**
 * The end-to-end layer: starts the built stack on a fresh `lotse_e2e` database, runs
 * Playwright against it, and stops the stack, whatever happens. The stack belongs to this
 * process rather than to Playwright's global setup, so a stop during its start-up (Ctrl-C,
 * SIGTERM) reaches it: see lifecycle.ts.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Lifecycle } from "./lifecycle.js";
import { runToEnd } from "./processes.js";
import { startStack } from "./stack.js";

const workspaceRoot = path.resolve(import.meta.dirname, "..", "..");
const e2eDir = path.join(workspaceRoot, "e2e");

/**
 * Why the browser tests cannot run here, in one line, or undefined when they can: Debian's
 * Chromium (or CHROMIUM_PATH), else Playwright's own browser (e2e/browser.ts picks the same).
 */
export async function chromiumProblem(): Promise<string | undefined> {
  // eslint-disable-next-line no-restricted-properties -- read exactly as e2e/browser.ts reads it, so both pick the same browser; not part of the stack's schema (config.ts).
  const configured = process.env.CHROMIUM_PATH;
  if (existsSync(configured ?? "/usr/bin/chromium")) return undefined;
  if (configured) return `CHROMIUM_PATH is ${configured}, which does not exist`;
  try {
    const require = createRequire(path.join(e2eDir, "package.json"));
    const playwright = (await import(pathToFileURL(require.resolve("@playwright/test")).href)) as {
      chromium: { executablePath(): string };
    };
    if (existsSync(playwright.chromium.executablePath())) return undefined;
  } catch {
    // No Playwright browser registry either: fall through to the advice.
  }
  return (
    "the end-to-end tests need Chromium: install Debian's (apt-get install chromium) " +
    "or Playwright's (pnpm --filter @lotse/e2e exec playwright install chromium), " +
    "or set CHROMIUM_PATH"
  );
}

/** Runs Playwright with `args` against a stack of its own; resolves with Playwright's exit status. */
export async function runEndToEnd(
  { signal }: Lifecycle,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const logFile = path.join(e2eDir, ".logs", "stack.log");
  const stack = await startStack({
    mode: "start",
    freshDatabase: "lotse_e2e",
    logFile,
    signal,
    environment: env,
    log: (line) => console.log(`[stack] ${line}`),
  });
  try {
    console.log(`[stack] ready; app output in ${path.relative(workspaceRoot, logFile)}`);
    return await runToEnd("pnpm", ["exec", "playwright", "test", ...args], {
      cwd: e2eDir,
      signal,
      env: {
        ...env,
        // The stack is up already: Playwright's global setup must not start another.
        LOTSE_E2E_EXTERNAL_STACK: "1",
        // Specs register their own test applications in this database.
        LOTSE_E2E_DATABASE_URL: stack.databaseUrl,
      },
    });
  } finally {
    await stack.stop();
  }
}
