// The demo app's validated configuration. Nothing else reads process.env (STYLE.md).
import { createEnv } from "@t3-oss/env-nextjs";
import { checkEnvRules, nextEnvOptions } from "@lotse/server/env";
import { envRuleProblems, serverShape } from "./env-schema";

const options = nextEnvOptions("demo-web");

export const env = createEnv({ server: serverShape, ...options });

checkEnvRules("demo-web", options.skipValidation, () => envRuleProblems(env));
