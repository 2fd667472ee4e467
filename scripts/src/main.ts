/**
 * The commands behind `pnpm dev`, `pnpm test`, `pnpm test:e2e` and `pnpm bench` (scripts/run.mjs calls
 * this after its tool checks). On a fresh clone nothing is built yet, and the commands
 * import workspace packages (@lotse/db, @lotse/server) that run from their dist/: so this
 * file imports nothing of the workspace, builds those packages through turbo first (a
 * cache hit when nothing changed, a rebuild when something did), and only then loads
 * the command. A stop at any moment, the build included, leaves nothing behind.
 */
import path from "node:path";
import { existsSync } from "node:fs";
import { runCommand, type Command } from "./lifecycle.js";
import { quietEnvironment, turboBuild } from "./processes.js";

const workspaceRoot = path.resolve(import.meta.dirname, "..", "..");

const COMMANDS = {
  dev: { load: () => import("./commands/dev.js"), stoppedStatus: 0 },
  test: { load: () => import("./commands/test.js"), stoppedStatus: 130 },
  e2e: { load: () => import("./commands/e2e.js"), stoppedStatus: 130 },
  start: { load: () => import("./commands/start.js"), stoppedStatus: 0 },
  bench: { load: () => import("./commands/bench.js"), stoppedStatus: 130 },
} satisfies Record<string, { load: () => Promise<{ default: Command }>; stoppedStatus: number }>;

export async function main(name: string | undefined, args: string[]): Promise<void> {
  if (!name || !(name in COMMANDS)) {
    console.error(
      `lotse: unknown command "${name ?? ""}" (one of ${Object.keys(COMMANDS).join(", ")})`,
    );
    process.exit(2);
  }
  const command = COMMANDS[name as keyof typeof COMMANDS];
  const envFile = path.join(workspaceRoot, ".env");
  if (existsSync(envFile)) process.loadEnvFile(envFile);

  await runCommand({ name: "lotse", stoppedStatus: command.stoppedStatus }, async (lifecycle) => {
    console.log("lotse: building the workspace packages the tooling needs");
    await turboBuild(["@lotse/scripts^..."], {
      cwd: workspaceRoot,
      env: quietEnvironment(),
      signal: lifecycle.signal,
      write: (line) => console.log(line),
    });
    const { default: run } = await command.load();
    return run(lifecycle, args);
  });
}
