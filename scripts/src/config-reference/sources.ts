/**
 * Where each process's configuration is defined: the zod shapes the processes validate their
 * environment with (STYLE.md: one schema per app, nothing else reads process.env). The
 * reference in docs/configuration.md is rendered from these and nothing else, so it cannot
 * drift from what the processes accept.
 */
import { z } from "zod";
import { envShape as brokerShape, productionProblems } from "../../../apps/broker/src/env.ts";
import {
  envRuleProblems as demoWebRules,
  serverShape as demoWebShape,
} from "../../../apps/demo-web/src/env-schema.ts";
import {
  envRuleProblems as portalRules,
  serverShape as portalShape,
} from "../../../apps/portal/src/env-schema.ts";
import { envShape as sandboxShape } from "../../../apps/sandbox/src/env.ts";
import { dbEnvShape } from "../../../packages/db/src/env.ts";
import { benchEnvShape } from "../bench/env.ts";
import { stackEnvShape } from "../config.ts";

export type EnvShape = Record<string, z.ZodType>;

export interface ConfigSource {
  title: string;
  /** The file that defines the shape, relative to the workspace root. */
  file: string;
  /** Who reads it and when; one paragraph of Markdown. */
  about: string;
  shape: EnvShape;
  /**
   * The variables the process's production checks refuse in their most permissive
   * configuration: each must say in its `production` metadata what production demands.
   */
  productionChecked?: () => string[];
}

const DATABASE = "postgresql://lotse@db.example.internal/lotse";

/** A problem line starts with the variable's name (`BROKER_ISSUER must be …`). */
const namesIn = (lines: readonly string[]) => lines.map((line) => line.split(" ")[0] ?? line);

export const configSources: ConfigSource[] = [
  {
    title: "Broker",
    file: "apps/broker/src/env.ts",
    about:
      'The OpenID provider (`node dist/main.js`, image `broker`), and its CLI commands (`keys:rotate`, `kek:rotate`, `audit:verify`), which read the same variables. Validated at start-up; in production mode (`LOTSE_MODE`, the default) the development settings are refused, one line per problem ([operations.md](operations.md), "Production mode").',
    shape: brokerShape,
    productionChecked: () =>
      namesIn(
        productionProblems(
          // Everything at its default, plus the one development setting no default trips.
          z.object(brokerShape).parse({
            DATABASE_URL: DATABASE,
            LOTSE_MODE: "production",
            BROKER_TESTING_PARAMETERS: "true",
          }),
        ),
      ),
  },
  {
    title: "Portal",
    file: "apps/portal/src/env-schema.ts",
    about:
      "The developer portal and admin console (Next.js, image `portal`). Validated when the server starts (`src/instrumentation.ts`); `next start` sets `NODE_ENV=production`, which makes the session secret required.",
    shape: portalShape,
    productionChecked: () => portalRules({ NODE_ENV: "production" }).map((p) => p.path[0] ?? ""),
  },
  {
    title: "Sandbox",
    file: "apps/sandbox/src/env.ts",
    about:
      "The simulated federation, insurer IDPs and authenticator app (`node dist/main.js`, image `sandbox`). For tests and trials only, never the federation of a production broker.",
    shape: sandboxShape,
  },
  {
    title: "demo-web",
    file: "apps/demo-web/src/env-schema.ts",
    about:
      "The example relying party (Next.js, image `demo-web`). It knows only the broker's public URL and its own client registrations, never Lotse's database. `next start` sets `NODE_ENV=production`, which makes its secrets required.",
    shape: demoWebShape,
    productionChecked: () => demoWebRules({ NODE_ENV: "production" }).map((p) => p.path[0] ?? ""),
  },
  {
    title: "Database tools",
    file: "packages/db/src/env.ts",
    about:
      "`@lotse/db`: the migrations (`pnpm db:migrate`, image `migrate`), the seed (`pnpm db:seed`) and the embedded PostgreSQL of the local stack. Read when needed, not at import.",
    shape: dbEnvShape,
  },
  {
    title: "Local stack (`pnpm dev`, `pnpm start`)",
    file: "scripts/src/config.ts",
    about:
      "The development stack's launcher: ports of every app and the database; it hands each app its URLs (`appEnvironment`), so they always agree. Not read by a deployed app.",
    shape: stackEnvShape,
  },
  {
    title: "Benchmark (`pnpm bench`)",
    file: "scripts/src/bench/env.ts",
    about:
      "The benchmark's own stack next to the development one ([performance.md](performance.md)): its ports and database. The broker and sandbox it starts get their variables from it.",
    shape: benchEnvShape,
  },
];
