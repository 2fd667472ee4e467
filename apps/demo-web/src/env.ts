// The demo app's validated configuration. Nothing else reads process.env (STYLE.md).
import { createEnv } from "@t3-oss/env-nextjs";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { exitOnInvalidEnv } from "@lotse/server/env";
import { envRuleProblems, serverShape } from "./env-schema";

const skipValidation =
  process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD ||
  ["1", "true"].includes(process.env.SKIP_ENV_VALIDATION ?? "");

export const env = createEnv({
  server: serverShape,
  experimental__runtimeEnv: {},
  // `FOO=` in a .env file means "unset", so defaults apply.
  emptyStringAsUndefined: true,
  // `next build` evaluates route modules to collect page data; it must not need the
  // runtime configuration, which src/instrumentation.ts validates when the server starts.
  // While skipped, values are raw and defaults are missing: read env only at request time.
  skipValidation,
  onValidationError: (issues) => exitOnInvalidEnv("demo-web", issues),
});

// createEnv checks variables one by one; rules across variables are checked here.
const ruleProblems = skipValidation ? [] : envRuleProblems(env);
if (ruleProblems.length > 0) exitOnInvalidEnv("demo-web", ruleProblems);
