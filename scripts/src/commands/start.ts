/**
 * `pnpm start`: the built apps (no watchers, no dev servers: `node dist/main.js`, `next start`,
 * the mobile app's static server) against the configured database (DATABASE_URL, or the
 * embedded one), migrated and seeded, built through turbo first when anything changed.
 *
 * Production mode (the default): every app runs with LOTSE_MODE=production and
 * NODE_ENV=production, and the production configuration must be given (environment or .env):
 * without it this command refuses before starting anything and names what is missing. It
 * never makes up production secrets.
 *
 * `pnpm start --local`: the same built apps with the development values of the local stack
 * (LOTSE_MODE=development, loopback URLs, the sandbox federation, seeded development secrets),
 * announced as such. That is how a production build is tried on a developer machine: the
 * broker's production mode refuses a loopback issuer and the sandbox's federation master.
 */
import { DEV_ADMIN, DEV_DEVELOPER } from "@lotse/db/seed";
import type { Command } from "../lifecycle.js";
import { startStack } from "../stack.js";

/**
 * What production mode needs that the local stack would otherwise supply: each checked here
 * so the refusal is one list, not one app after another stopping (the apps check the values
 * themselves again, with their own schemas).
 */
// eslint-disable-next-line no-restricted-properties -- the command's own check of the configuration it hands to the apps, which validate it with their schemas.
function missingProductionConfiguration(env = process.env): string[] {
  const missing: string[] = [];
  const https = (name: string) => {
    const value = env[name];
    if (!value) missing.push(`${name} (the public https URL)`);
    else if (!value.startsWith("https://")) missing.push(`${name} must be an https URL`);
  };
  https("BROKER_ISSUER");
  https("FEDERATION_MASTER_URL");
  if (!env.FEDERATION_TRUST_ANCHOR_JWKS)
    missing.push(
      "FEDERATION_TRUST_ANCHOR_JWKS (the federation master's public keys as a JSON JWKS, see docs/federation.md)",
    );
  if (!env.LOTSE_KEK)
    missing.push("LOTSE_KEK (32 random bytes, base64url, see docs/operations.md)");
  if (!env.AUTH_SECRET) missing.push("AUTH_SECRET (the portal's session key)");
  return missing;
}

const start: Command = async ({ signal, onStop }, args) => {
  const local = args.includes("--local");
  const unknown = args.filter((arg) => arg !== "--local");
  if (unknown.length > 0) {
    console.error(`lotse: start: unknown argument ${unknown.join(" ")} (only --local)`);
    return 2;
  }
  if (!local) {
    const missing = missingProductionConfiguration();
    if (missing.length > 0) {
      console.error(
        [
          "lotse: start: production mode needs its configuration (environment or .env), missing:",
          ...missing.map((line) => `  - ${line}`),
          'See docs/deployment.md, "Running in production". To run the built apps on this machine',
          "with the local stack's development values instead: pnpm start --local",
        ].join("\n"),
      );
      return 1;
    }
  }
  // The apps inherit this process's environment, over the stack's derived values (stack.ts).
  // eslint-disable-next-line no-restricted-properties -- the mode every app process is started in.
  Object.assign(process.env, {
    NODE_ENV: "production",
    LOTSE_MODE: local ? "development" : "production",
  });

  const stack = await startStack({
    mode: "start",
    production: !local,
    signal,
    log: (line) => console.log(`lotse: ${line}`),
  });
  onStop(() => stack.stop());
  const width = Math.max(...stack.apps.map((app) => app.name.length));
  console.log(
    [
      "",
      `Lotse is running the built apps (${local ? "LOCAL: development values" : "production mode"}, ${
        stack.database.embedded ? "embedded PostgreSQL" : "external PostgreSQL"
      }):`,
      ...stack.apps.map(
        (app) => `  ${app.name.padEnd(width)}  ${app.url.padEnd(22)}  ${app.description}`,
      ),
      ...(local
        ? [
            "DEVELOPMENT VALUES, not a production configuration: LOTSE_MODE=development, loopback",
            "URLs, the sandbox as the federation, a generated KEK, seeded development secrets.",
            `Portal sign-in: ${DEV_DEVELOPER.email} / ${DEV_DEVELOPER.developmentPassword}, ` +
              `admin ${DEV_ADMIN.email} / ${DEV_ADMIN.developmentPassword}`,
          ]
        : []),
      "Health: /healthz (liveness), /readyz (readiness); broker metrics: /metrics. Ctrl-C stops.",
      "",
    ].join("\n"),
  );
  return "running";
};

export default start;
