/**
 * `pnpm dev`: prepares the database (embedded unless DATABASE_URL), migrates, seeds, and
 * starts every app with prefixed logs. Ctrl-C stops the apps and then the database, at any
 * moment: during start-up the stack stops what it had started (lifecycle.ts).
 */
import { DEV_ADMIN, DEV_DEVELOPER } from "@lotse/db/seed";
import type { Command } from "../lifecycle.js";
import { startStack } from "../stack.js";

const dev: Command = async ({ signal, onStop }) => {
  const stack = await startStack({
    mode: "dev",
    signal,
    log: (line) => console.log(`lotse: ${line}`),
  });
  onStop(() => stack.stop());
  const width = Math.max(...stack.apps.map((app) => app.name.length));
  console.log(
    [
      "",
      `Lotse is running (ready in ${process.uptime().toFixed(1)} s, ${
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
  return "running";
};

export default dev;
