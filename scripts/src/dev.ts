/**
 * `pnpm dev`: prepares the database (embedded unless DATABASE_URL), migrates, seeds, and
 * starts every app with prefixed logs. Ctrl-C stops the apps and then the database.
 */
import { DEV_ADMIN, DEV_DEVELOPER } from "@lotse/db/seed";
import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError, startStack, type Stack } from "./stack.js";

const root = path.resolve(import.meta.dirname, "..", "..");
const envFile = path.join(root, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);

const started = Date.now();
let stack: Stack | undefined;
let stopping = false;

async function shutdown(status: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log("\nlotse: stopping…");
    await stack?.stop();
  }
  process.exit(status);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGHUP", () => void shutdown(0));
// `kill <pid of pnpm>` ends pnpm without passing the signal on; we notice that our
// parent is gone (we are re-parented) and stop everything, so nothing stays behind.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown(0);
}, 500).unref();

try {
  stack = await startStack({ mode: "dev", log: (line) => console.log(`lotse: ${line}`) });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`lotse: ${error instanceof ConfigError ? "" : "start-up failed: "}${message}`);
  await shutdown(1);
}

if (stack && !stopping) {
  const width = Math.max(...stack.apps.map((app) => app.name.length));
  console.log(
    [
      "",
      `Lotse is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s, ${
        stack.database.embedded
          ? "embedded PostgreSQL, data in .data/postgres"
          : "external PostgreSQL"
      }):`,
      ...stack.apps.map(
        (app) => `  ${app.name.padEnd(width)}  ${app.url.padEnd(22)}  ${app.description}`,
      ),
      `  discovery ${stack.apps.find((a) => a.name === "broker")?.url}/.well-known/openid-configuration`,
      `Portal sign-in (development only): ${DEV_DEVELOPER.email} / ${DEV_DEVELOPER.developmentPassword}, ` +
        `admin ${DEV_ADMIN.email} / ${DEV_ADMIN.developmentPassword}`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
}
